import { users } from "@atiende/db";

import { issueToken } from "../src/auth/token";
import { configFromEnv } from "../src/config";
import { readApiEnv } from "../src/env";
import { createCaller } from "../src/root";
import { createInnerContext } from "../src/trpc";
import { createServices } from "../src/server/services";
import type { sharedDatabase } from "./processes";

let counter = 0;

/** People with a conversation each, and the bearer tokens the child servers accept. */
export async function candidatesWithConversations(
  database: Awaited<ReturnType<typeof sharedDatabase>>,
  count: number,
) {
  // Same environment as the child servers, so the tokens' secret matches.
  const services = createServices(
    database.handle.db,
    configFromEnv(readApiEnv({ ...process.env, SUPPORT_CHAT_AUTO_ASSIGN: "false" })),
  );
  return Promise.all(
    Array.from({ length: count }, async () => {
      counter += 1;
      const [user] = await database.handle.db
        .insert(users)
        .values({
          email: `fault-${counter}-${Date.now()}@test.example`,
          name: `Candidata ${counter}`,
          role: "candidato",
        })
        .returning();
      if (!user) throw new Error("could not create a user");
      const conversation = await createCaller(
        createInnerContext(services, user),
      ).conversation.create({});
      const { token } = await issueToken(user.id, services.config);
      return { user, conversationId: conversation.id, token, services };
    }),
  );
}
