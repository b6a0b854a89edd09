import { eq, inArray, sql } from "drizzle-orm";

import type { Database, Transaction } from "./client";
import { hashPassword } from "./password";
import { rebuildSearchDocuments } from "./search-document";
import { HISTORY_CANDIDATES, insertHistory } from "./seed-history";
import type { Priority, Role } from "./schema";
import {
  auditLog,
  supportConversationParticipants,
  supportConversations,
  supportMessages,
  supportSavedReplies,
  users,
} from "./schema";

export interface SeedOptions {
  /** Password of every demo user. */
  password: string;
}

const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "candidato@example.com", name: "Carla Candidata", role: "candidato" },
  { email: "candidato2@example.com", name: "Diego Candidato", role: "candidato" },
  { email: "soporte@example.com", name: "Ana Soporte", role: "soporte" },
  { email: "soporte2@example.com", name: "Bruno Soporte", role: "soporte" },
  { email: "admin@example.com", name: "Alicia Admin", role: "admin" },
  { email: "developer@example.com", name: "Dario Developer", role: "developer" },
  ...HISTORY_CANDIDATES.map((candidate) => ({ ...candidate, role: "candidato" as const })),
];

interface DemoConversation {
  candidate: string;
  agent?: string;
  subject: string;
  priority: Priority;
  status: "open" | "resolved";
  minutesAgo: number;
  messages: { from: "candidate" | "agent"; content: string }[];
}

const DEMO_CONVERSATIONS: DemoConversation[] = [
  {
    candidate: "candidato@example.com",
    subject: "No puedo subir mi CV",
    priority: "normal",
    status: "resolved",
    minutesAgo: 60 * 24 * 3,
    agent: "soporte@example.com",
    messages: [
      { from: "candidate", content: "Hola, al subir mi CV en PDF me sale un error." },
      { from: "agent", content: "Hola Carla, ¿qué tamaño tiene el archivo?" },
      { from: "candidate", content: "Unos 12 MB." },
      { from: "agent", content: "El límite es 10 MB. Si lo comprimes, debería funcionar." },
      { from: "candidate", content: "¡Listo, ya funcionó! Gracias." },
    ],
  },
  {
    candidate: "candidato2@example.com",
    subject: "Duda sobre una entrevista",
    priority: "high",
    status: "open",
    minutesAgo: 45,
    messages: [
      { from: "candidate", content: "Me citaron a una entrevista mañana y no encuentro el enlace." },
    ],
  },
];

const DEMO_SAVED_REPLIES = [
  { shortcut: "saludo", content: "¡Hola! Soy del equipo de soporte de Atiende. ¿En qué te puedo ayudar?" },
  { shortcut: "cv", content: "Puedes subir tu CV en PDF o Word de hasta 10 MB desde tu perfil, en «Mi CV»." },
  { shortcut: "cierre", content: "¿Te puedo ayudar con algo más? Si no, marco la conversación como resuelta." },
];

/**
 * Creates the demo users, a few conversations and a month of history for the metrics. Safe to run
 * again: existing users are left as they are, and conversations are only added for a candidate
 * who has none (the history's marker is its first candidate).
 */
export async function seedDemoData(db: Database, options: SeedOptions): Promise<void> {
  const passwordHash = await hashPassword(options.password);
  await db
    .insert(users)
    .values(DEMO_USERS.map((user) => ({ ...user, passwordHash })))
    .onConflictDoNothing();

  const rows = await db.select({ id: users.id, email: users.email }).from(users);
  const idOf = (email: string) => {
    const id = rows.find((row) => row.email === email)?.id;
    if (!id) throw new Error(`Demo user ${email} is missing`);
    return id;
  };

  const [anyReply] = await db.select({ id: supportSavedReplies.id }).from(supportSavedReplies).limit(1);
  if (!anyReply) {
    const author = idOf("soporte@example.com");
    await db.insert(supportSavedReplies).values(DEMO_SAVED_REPLIES.map((reply) => ({ ...reply, createdByUserId: author })));
  }

  for (const demo of DEMO_CONVERSATIONS) {
    const candidateId = idOf(demo.candidate);
    const existing = await db
      .select({ id: supportConversations.id })
      .from(supportConversations)
      .where(eq(supportConversations.candidateUserId, candidateId))
      .limit(1);
    if (existing.length > 0) continue;
    await db.transaction((tx) => insertConversation(tx, demo, candidateId, idOf));
  }

  const historyIds = HISTORY_CANDIDATES.map((candidate) => idOf(candidate.email));
  const [hasHistory] = await db
    .select({ id: supportConversations.id })
    .from(supportConversations)
    .where(inArray(supportConversations.candidateUserId, historyIds))
    .limit(1);
  if (!hasHistory) {
    const agents = [idOf("soporte@example.com"), idOf("soporte2@example.com")];
    await db.transaction((tx) => insertHistory(tx, historyIds, agents));
  }
  // The subjects' words (the messages carry their own); rows with a document already are left alone.
  await db.execute(rebuildSearchDocuments(sql`c.search_vector = ''::tsvector and c.subject is not null`));
}

async function insertConversation(
  tx: Transaction,
  demo: DemoConversation,
  candidateId: string,
  idOf: (email: string) => string,
) {
  const agentId = demo.agent ? idOf(demo.agent) : null;
  const startedAt = new Date(Date.now() - demo.minutesAgo * 60_000);
  const at = (index: number) => new Date(startedAt.getTime() + index * 2 * 60_000);
  const lastAt = at(demo.messages.length - 1);
  const firstReply = demo.messages.findIndex((message) => message.from === "agent");

  const [conversation] = await tx
    .insert(supportConversations)
    .values({
      candidateUserId: candidateId,
      createdByUserId: candidateId,
      assignedSupportUserId: agentId,
      subject: demo.subject,
      priority: demo.priority,
      status: demo.status,
      createdAt: startedAt,
      updatedAt: lastAt,
      lastMessageAt: lastAt,
      firstResponseAt: agentId && firstReply >= 0 ? at(firstReply) : null,
      resolvedAt: demo.status === "resolved" ? lastAt : null,
    })
    .returning();
  if (!conversation) throw new Error("Could not create a demo conversation");

  await tx.insert(supportConversationParticipants).values([
    { conversationId: conversation.id, userId: candidateId, participantRole: "candidato" },
    ...(agentId
      ? [{ conversationId: conversation.id, userId: agentId, participantRole: "soporte" }]
      : []),
  ]);

  let seq = 0;
  const audit = (action: string, actorUserId: string, createdAt: Date, messageId?: string) =>
    tx.insert(auditLog).values({
      action,
      actorUserId,
      conversationId: conversation.id,
      messageId,
      seq: ++seq,
      createdAt,
      data: { seed: true },
    });

  await audit("conversation.created", candidateId, startedAt);
  for (const [index, message] of demo.messages.entries()) {
    const senderUserId = message.from === "agent" && agentId ? agentId : candidateId;
    const [row] = await tx
      .insert(supportMessages)
      .values({
        conversationId: conversation.id,
        senderUserId,
        content: message.content,
        createdAt: at(index),
      })
      .returning({ id: supportMessages.id });
    await audit("message.created", senderUserId, at(index), row?.id);
  }
  if (demo.status !== "open") await audit("conversation.status_changed", candidateId, lastAt);
  await tx
    .update(supportConversations)
    .set({ lastSeq: sql`${seq}` })
    .where(eq(supportConversations.id, conversation.id));
}
