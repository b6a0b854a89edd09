import { randomUUID } from "node:crypto";

import type { Transaction } from "./client";
import type { ConversationStatus, Priority } from "./schema";
import {
  auditLog,
  supportConversationParticipants,
  supportConversations,
  supportMessages,
  supportRatings,
} from "./schema";

/** The demo candidates whose past conversations fill the metrics dashboard. */
export const HISTORY_CANDIDATES = [
  { email: "candidato3@example.com", name: "Elena Candidata" },
  { email: "candidato4@example.com", name: "Fernando Candidato" },
  { email: "candidato5@example.com", name: "Gabriela Candidata" },
  { email: "candidato6@example.com", name: "Hugo Candidato" },
] as const;

export const HISTORY_DAYS = 30;

const SUBJECTS = [
  "No me llega el correo de confirmación",
  "¿Cómo cambio mi contraseña?",
  "Error al postularme a una vacante",
  "Quiero actualizar mi CV",
  "No veo el estado de mi postulación",
  "Problema con la prueba técnica",
  "¿Puedo cambiar la fecha de mi entrevista?",
  "Mi perfil aparece incompleto",
];
const CANDIDATE_LINES = ["Ya lo intenté de nuevo y sigue igual.", "Perfecto, muchas gracias."];
const AGENT_LINES = [
  "¡Hola! Con gusto te ayudo, ¿me das más detalles?",
  "Listo, ya quedó corregido de nuestro lado.",
];
const COMMENTS = ["Muy rápido, gracias", "Me resolvieron todo", "Tardaron un poco", null, null];

/** A small seeded generator, so every demo database gets the same history. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

/**
 * About 30 days of conversations across the demo agents: answered, resolved, rated, and a few
 * still open, all at least half a day old so the live demo conversations stay on top of the inbox.
 * Written with a handful of multi-row inserts, so an embedded database seeds it in well under a second.
 */
export async function insertHistory(
  tx: Transaction,
  candidateIds: string[],
  agentIds: string[],
  now = Date.now(),
) {
  const rand = random(20_250_301);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const conversations: (typeof supportConversations.$inferInsert)[] = [];
  const participants: (typeof supportConversationParticipants.$inferInsert)[] = [];
  const messages: (typeof supportMessages.$inferInsert)[] = [];
  const audit: (typeof auditLog.$inferInsert)[] = [];
  const ratings: (typeof supportRatings.$inferInsert)[] = [];

  for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo -= 1) {
    const perDay = 2 + Math.floor(rand() * 4);
    for (let n = 0; n < perDay; n += 1) {
      const id = randomUUID();
      const candidateId = pick(candidateIds);
      const createdAt = now - daysAgo * DAY - (12 * 60 + Math.floor(rand() * 600)) * MINUTE;
      const roll = rand();
      const status: ConversationStatus =
        daysAgo <= 3 && roll < 0.5
          ? "open"
          : roll < 0.08
            ? "open"
            : roll < 0.15
              ? "closed"
              : "resolved";
      const answered = status !== "open" || rand() < 0.5;
      const agentId = answered || rand() < 0.5 ? pick(agentIds) : null;
      let seq = 0;
      const event = (action: string, actorUserId: string, at: number, messageId?: string) =>
        audit.push({
          action,
          actorUserId,
          conversationId: id,
          messageId,
          seq: ++seq,
          createdAt: new Date(at),
          data: { seed: true },
        });
      const say = (senderUserId: string, content: string, at: number) => {
        const messageId = randomUUID();
        messages.push({
          id: messageId,
          conversationId: id,
          senderUserId,
          content,
          createdAt: new Date(at),
        });
        event("message.created", senderUserId, at, messageId);
      };

      const subject = pick(SUBJECTS);
      event("conversation.created", candidateId, createdAt);
      say(candidateId, `Hola. ${subject}.`, createdAt);
      let at = createdAt;
      let firstResponseAt: number | null = null;
      if (answered && agentId) {
        // Most replies come within minutes, a few take hours: a long tail for the p90.
        at += Math.round((rand() < 0.8 ? 2 + rand() * 40 : 60 + rand() * 240) * MINUTE);
        firstResponseAt = at;
        say(agentId, pick(AGENT_LINES), at);
        for (let more = Math.floor(rand() * 4); more > 0; more -= 1) {
          at += Math.round((3 + rand() * 30) * MINUTE);
          say(
            more % 2 ? candidateId : agentId,
            more % 2 ? pick(CANDIDATE_LINES) : pick(AGENT_LINES),
            at,
          );
        }
      }
      const resolvedAt = status === "open" ? null : at + Math.round((5 + rand() * 120) * MINUTE);
      if (resolvedAt) event("conversation.status_changed", agentId ?? candidateId, resolvedAt);

      conversations.push({
        id,
        candidateUserId: candidateId,
        createdByUserId: candidateId,
        assignedSupportUserId: agentId,
        subject,
        priority: pick<Priority>(["low", "normal", "normal", "high"]),
        status,
        lastSeq: seq,
        createdAt: new Date(createdAt),
        updatedAt: new Date(resolvedAt ?? at),
        lastMessageAt: new Date(at),
        firstResponseAt: firstResponseAt ? new Date(firstResponseAt) : null,
        resolvedAt: resolvedAt ? new Date(resolvedAt) : null,
      });
      participants.push({ conversationId: id, userId: candidateId, participantRole: "candidato" });
      if (agentId)
        participants.push({ conversationId: id, userId: agentId, participantRole: "soporte" });
      if (resolvedAt && rand() < 0.65) {
        const score = pick([1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5]);
        ratings.push({
          conversationId: id,
          candidateUserId: candidateId,
          supportUserId: agentId,
          resolvedAt: new Date(resolvedAt),
          score,
          comment: pick(COMMENTS),
          createdAt: new Date(resolvedAt + Math.round((1 + rand() * 60) * MINUTE)),
        });
      }
    }
  }

  await tx.insert(supportConversations).values(conversations);
  await tx.insert(supportConversationParticipants).values(participants);
  await tx.insert(supportMessages).values(messages);
  await tx.insert(auditLog).values(audit);
  if (ratings.length > 0) await tx.insert(supportRatings).values(ratings);
}
