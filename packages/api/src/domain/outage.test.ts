import path from "node:path";

import { createDatabase } from "@atiende/db";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";

import { toRestError } from "../rest/errors";
import { useHarness } from "../../test/harness";
import { freePort } from "../../test/processes";
import { createInnerContext } from "../trpc";
import { createServices } from "../server/services";
import { createCaller } from "../root";
import { texts } from "./errors";
import { isDatabaseUnavailable } from "./outage";

const h = useHarness();
const migrationsFolder = path.resolve(import.meta.dirname, "../../../db/drizzle");
const closedPort = await freePort();
// A pool pointed at a port nobody listens on: what the app sees while PostgreSQL is down.
const unreachable = await createDatabase({
  url: `postgres://postgres@127.0.0.1:${closedPort}/postgres`,
  migrationsFolder,
  connectTimeoutSeconds: 1,
});
afterAll(() => unreachable.close());

const withCode = (code: string) => Object.assign(new Error("x"), { code });

describe("isDatabaseUnavailable", () => {
  it("knows connection failures, however deep drizzle wrapped them", () => {
    for (const code of [
      "ECONNREFUSED",
      "ECONNRESET",
      "CONNECT_TIMEOUT",
      "CONNECTION_CLOSED",
      "CONNECTION_ENDED",
      "57P01",
      "57P03",
      "08006",
    ]) {
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
      expect(isDatabaseUnavailable(new Error("Failed query", { cause: withCode(code) }))).toBe(
        true,
      );
    }
    expect(
      isDatabaseUnavailable(
        new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]),
      ),
    ).toBe(true);
  });

  it("leaves real errors alone", () => {
    for (const error of [
      withCode("23505"),
      withCode("42P01"),
      new Error("boom"),
      null,
      "ECONNREFUSED",
      new AggregateError([]),
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});

describe("while the database cannot be reached", () => {
  it("a query fails fast with an error recognised as an outage", async () => {
    const error: unknown = await unreachable.db.execute("select 1").then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("a tRPC call answers SERVICE_UNAVAILABLE with the Spanish message", async () => {
    const user = await h.createUser("candidato");
    const services = createServices(unreachable.db, h.services.config);
    const caller = createCaller(createInnerContext(services, user));
    const error: unknown = await caller.conversation.list({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("SERVICE_UNAVAILABLE");
    expect((error as TRPCError).message).toBe(texts.databaseUnavailable);
  });

  it("a REST call answers 503 with Retry-After", async () => {
    const error: unknown = await unreachable.db
      .execute("select 1")
      .catch((caught: unknown) => caught);
    const response = toRestError(error);
    expect(response.status).toBe(503);
    expect(response.body.message).toBe(texts.databaseUnavailable);
    expect(response.headers["Retry-After"]).toBe("5");
  });
});
