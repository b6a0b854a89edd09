import type { Role, User } from "@atiende/db";
import { hashPassword, users } from "@atiende/db";
import { afterAll, beforeAll } from "vitest";

import type { ApiConfig } from "../src/config";
import { configFromEnv } from "../src/config";
import { readApiEnv } from "../src/env";
import { createCaller } from "../src/root";
import type { ApiServices } from "../src/trpc";
import { createInnerContext } from "../src/trpc";
import { createServices } from "../src/server/services";
import type { TestDatabase } from "./database";
import { createTestDatabase } from "./database";

export type Caller = ReturnType<typeof createCaller>;

export interface Harness {
  handle: TestDatabase;
  services: ApiServices;
  /** A new user with the given role (any text: roles outside the four are tested too). */
  createUser: (role: Role | (string & {}), overrides?: Partial<User>) => Promise<User>;
  callerFor: (user: User | null) => Caller;
  /** A new user and a caller acting as them. */
  actor: (role: Role | (string & {})) => Promise<{ user: User; caller: Caller }>;
}

let counter = 0;

/**
 * Gives a test file its own database and services, closed after the file. `env` overrides the
 * environment the config is read from, as a deployment would set it. Automatic assignment is off
 * unless a file turns it on: tests of other things expect conversations to stay as they made them.
 * `database` passes options to the test database (a statement hook, for the round-trip guard).
 */
export function useHarness(
  env: Record<string, string> = {},
  database: Parameters<typeof createTestDatabase>[0] = {},
): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    const handle = await createTestDatabase(database);
    const config: ApiConfig = configFromEnv(readApiEnv({ ...process.env, SUPPORT_CHAT_AUTO_ASSIGN: "false", ...env }));
    const services = createServices(handle.db, config);
    const createUser: Harness["createUser"] = async (role, overrides = {}) => {
      counter += 1;
      const [user] = await handle.db
        .insert(users)
        .values({
          email: `${role}-${counter}-${Date.now()}@test.example`,
          name: `${role} ${counter}`,
          role,
          ...overrides,
        })
        .returning();
      if (!user) throw new Error("could not create a test user");
      return user;
    };
    const callerFor = (user: User | null) => createCaller(createInnerContext(services, user));
    Object.assign(harness, {
      handle,
      services,
      createUser,
      callerFor,
      actor: async (role: string) => {
        const user = await createUser(role);
        return { user, caller: callerFor(user) };
      },
    });
  });
  afterAll(async () => {
    await harness.handle?.close();
  });
  return harness;
}

export { hashPassword };
