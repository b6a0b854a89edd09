/**
 * A message.send over HTTP runs on the caller as this instance last read them (auth/identity.ts's
 * `credentialUser`), and its statement confirms that row (routers/message/store.ts's `caller`).
 * Whatever changes the row in between, through any instance and with no bus to tell this one, the
 * next send answers as if the user had been read first, and stores nothing it should not.
 */
import { eq, supportMessages, users } from "@atiende/db";
import { beforeAll, describe, expect, it } from "vitest";

import { texts } from "../domain/errors";
import { hashPassword, useHarness } from "../../test/harness";
import { useTestServer } from "../../test/server";
import { credentialUser } from "./identity";
import { issueToken } from "./token";

const h = useHarness();
const server = useTestServer(h);

interface Answer {
  status: number;
  message?: string;
  sender?: { id: string; name: string; role: string };
}

async function send(token: string, input: { conversationId: string; content: string; internal?: boolean }): Promise<Answer> {
  const response = await fetch(`${server.origin}/api/trpc/message.send`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ json: input }),
  });
  const body = (await response.json()) as {
    result?: { data: { json: { sender: Answer["sender"] } } };
    error?: { json: { message: string } };
  };
  return { status: response.status, message: body.error?.json.message, sender: body.result?.data.json.sender };
}

const stored = async (conversationId: string) =>
  (
    await h.handle.db
      .select()
      .from(supportMessages)
      .where(eq(supportMessages.conversationId, conversationId))
      .orderBy(supportMessages.createdAt)
  ).map(
    (row) => row.content,
  );

let admin: Awaited<ReturnType<typeof h.actor>>;
beforeAll(async () => {
  admin = await h.actor("admin");
});

/** A candidate with a conversation and a token, remembered by the server after two sends. */
async function rememberedCandidate() {
  const candidate = await h.actor("candidato");
  const conversation = await candidate.caller.conversation.create({});
  const { token } = await issueToken(candidate.user.id, h.services.config);
  for (const content of ["uno", "dos"]) expect((await send(token, { conversationId: conversation.id, content })).status).toBe(200);
  return { ...candidate, conversationId: conversation.id, token };
}

describe("a remembered caller", () => {
  it("is the user as last read, without their password's hash, and only when the call may take it", async () => {
    const user = await h.createUser("candidato", { passwordHash: await hashPassword("clave-segura-1") });
    const issuedAt = Date.now();
    expect(await credentialUser(h.handle.db, user.id, issuedAt, true)).toMatchObject({ remembered: false });
    const remembered = await credentialUser(h.handle.db, user.id, issuedAt, true);
    expect(remembered).toMatchObject({ remembered: true, user: { id: user.id, name: user.name } });
    expect(remembered?.user.passwordHash).toBeNull();
    expect(await credentialUser(h.handle.db, user.id, issuedAt)).toMatchObject({
      remembered: false,
      user: { passwordHash: user.passwordHash },
    });
  });
});

describe("a send on a remembered caller", () => {
  it("ends a token at once when its user's password changes, and stores nothing", async () => {
    const { user, caller, conversationId, token } = await rememberedCandidate();
    // Another instance changed it: nothing tells this one.
    await h.handle.db.update(users).set({ credentialsChangedAt: new Date(Date.now() + 1) }).where(eq(users.id, user.id));

    expect(await send(token, { conversationId, content: "tres" })).toMatchObject({ status: 401, message: texts.unauthorized });
    expect(await stored(conversationId)).toEqual(["uno", "dos"]);

    // A token issued after the change is remembered anew and sends.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const fresh = await issueToken(user.id, h.services.config);
    expect((await send(fresh.token, { conversationId, content: "cuatro" })).status).toBe(200);
    expect((await send(fresh.token, { conversationId, content: "cinco" })).status).toBe(200);
    expect((await caller.message.list({ conversationId, limit: 10 })).items.map((m) => m.content)).toEqual([
      "uno",
      "dos",
      "cuatro",
      "cinco",
    ]);
  });

  it("ends a token at once when an admin disables the account", async () => {
    const { user, conversationId, token } = await rememberedCandidate();
    await admin.caller.user.setDisabled({ userId: user.id, disabled: true });

    expect(await send(token, { conversationId, content: "tres" })).toMatchObject({ status: 401 });
    expect(await stored(conversationId)).toEqual(["uno", "dos"]);
  });

  it("refuses a temporary password's holder as a read would", async () => {
    const { user, conversationId, token } = await rememberedCandidate();
    await h.handle.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, user.id));

    expect(await send(token, { conversationId, content: "tres" })).toMatchObject({
      status: 403,
      message: texts.passwordMustChange,
    });
    expect(await stored(conversationId)).toEqual(["uno", "dos"]);
  });

  it("sends as the user's new name", async () => {
    const { user, conversationId, token } = await rememberedCandidate();
    await h.handle.db.update(users).set({ name: "Nombre Nuevo" }).where(eq(users.id, user.id));

    expect(await send(token, { conversationId, content: "tres" })).toMatchObject({
      status: 200,
      sender: { id: user.id, name: "Nombre Nuevo", role: "candidato" },
    });
  });

  it("ends a token at once when an admin changes the role", async () => {
    const agent = await h.actor("soporte");
    const { conversationId } = await rememberedCandidate();
    const agentToken = (await issueToken(agent.user.id, h.services.config)).token;
    expect((await send(agentToken, { conversationId, content: "nota", internal: true })).status).toBe(200);

    await admin.caller.user.setRole({ userId: agent.user.id, role: "candidato" });
    expect(await send(agentToken, { conversationId, content: "otra nota", internal: true })).toMatchObject({ status: 401 });
    expect(await stored(conversationId)).toEqual(["uno", "dos", "nota"]);
  });

  it("follows a role the host site's claims changed (tokens stay valid): refused as a candidate, allowed as an agent", async () => {
    const agent = await h.actor("soporte");
    const { user, conversationId, token } = await rememberedCandidate();
    const agentToken = (await issueToken(agent.user.id, h.services.config)).token;
    expect((await send(agentToken, { conversationId, content: "nota", internal: true })).status).toBe(200);

    // As auth/identity.ts's upsertExternalUser refreshes a role from an external issuer's claims.
    const setRole = (id: string, role: string) => h.handle.db.update(users).set({ role }).where(eq(users.id, id));
    await setRole(agent.user.id, "candidato");
    expect(await send(agentToken, { conversationId, content: "otra nota", internal: true })).toMatchObject({
      status: 403,
      message: texts.staffOnly,
    });
    expect(await send(agentToken, { conversationId, content: "hola" })).toMatchObject({ status: 403 });

    // The candidate is remembered as one: their note is refused only after reading them again.
    await setRole(user.id, "soporte");
    expect(await send(token, { conversationId, content: "ya soy agente", internal: true })).toMatchObject({
      status: 200,
      sender: { id: user.id, role: "soporte" },
    });
    expect(await stored(conversationId)).toEqual(["uno", "dos", "nota", "ya soy agente"]);
  });
});
