import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { bearerIdentity, serveApi } from "../server";
import { useHarness } from "../../test/harness";
import { eventually } from "../../test/wait";
import { createLogger, requestIdFrom, withRequestId } from ".";

/** A logger whose lines land in an array, parsed. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger({ level: "debug", destination }) };
}

describe("log lines", () => {
  it("are JSON with the request id of the work that wrote them", async () => {
    const { lines, log } = capture();
    await withRequestId("req-1", async () => {
      await Promise.resolve();
      log.info({ n: 1 }, "inside");
    });
    log.info("outside");
    await eventually(() => expect(lines).toHaveLength(2));
    expect(lines[0]).toMatchObject({ level: "info", msg: "inside", n: 1, requestId: "req-1" });
    expect(lines[1]).not.toHaveProperty("requestId");
  });

  it("never carry credentials or what people wrote", async () => {
    const { lines, log } = capture();
    log.info(
      {
        password: "hunter2",
        token: "eyJ.secret.token",
        content: "mi número es 555",
        message: { content: "texto privado" },
        request: { headers: { authorization: "Bearer abc.def", cookie: "session=xyz" } },
        connectionParams: { token: "eyJ.other" },
      },
      "with secrets",
    );
    // Drizzle puts a failed query's parameters in its message.
    const failed = new Error(
      'Failed query: insert into "support_messages" values ($1)\nparams: texto secreto,hash-de-clave',
      {
        cause: Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" }),
      },
    );
    log.error({ err: failed }, "failed");
    await eventually(() => expect(lines).toHaveLength(2));
    const text = JSON.stringify(lines);
    for (const secret of [
      "hunter2",
      "eyJ",
      "555",
      "texto privado",
      "abc.def",
      "xyz",
      "texto secreto",
      "hash-de-clave",
    ]) {
      expect(text).not.toContain(secret);
    }
    const err = lines[1]?.err as { message: string; cause: { code: string } };
    expect(err.message).toContain("Failed query: insert");
    expect(err.cause.code).toBe("ECONNREFUSED");
  });

  it("take a sane incoming request id and replace anything else", () => {
    expect(requestIdFrom("abc-123_x.y:z")).toBe("abc-123_x.y:z");
    for (const bad of [undefined, "", "with space", "new\nline", "x".repeat(129), "<script>"]) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("the HTTP server", () => {
  const h = useHarness();
  const { lines, log } = capture();
  let origin = "";
  const server = createServer();
  beforeAll(async () => {
    serveApi({
      server,
      services: h.services,
      identify: bearerIdentity(h.services),
      log,
      // As Next's pages and route handlers log: through the request scope.
      fallback: (_q, r) => {
        log.info("a page");
        r.writeHead(404).end();
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("echoes the request id and writes it on the request's log line", async () => {
    const response = await fetch(`${origin}/api/trpc/auth.me`, {
      headers: { "x-request-id": "cliente-42" },
    });
    expect(response.headers.get("x-request-id")).toBe("cliente-42");
    const generated = await fetch(`${origin}/api/trpc/auth.me`, {
      headers: { "x-request-id": "no válido" },
    });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await eventually(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({
          msg: "request",
          requestId: "cliente-42",
          path: "/api/trpc/auth.me",
          status: 401,
        }),
      ),
    );
  });

  it("carries the request id through a message sent as plain JSON and through a page", async () => {
    await fetch(`${origin}/api/trpc/message.send`, {
      method: "POST",
      headers: { "x-request-id": "envio-7", "content-type": "application/json" },
      body: JSON.stringify({ json: { conversationId: "00000000-0000-4000-8000-000000000000", content: "hola" } }),
    });
    await fetch(`${origin}/pagina`, { headers: { "x-request-id": "pagina-3" } });
    await eventually(() => {
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: "request", requestId: "envio-7", path: "/api/trpc/message.send", status: 401 }),
      );
      expect(lines).toContainEqual(expect.objectContaining({ msg: "a page", requestId: "pagina-3" }));
      expect(lines).toContainEqual(expect.objectContaining({ msg: "request", requestId: "pagina-3", status: 404 }));
    });
  });

  it("answers /api/health and /api/ready", async () => {
    const health = await fetch(`${origin}/api/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${origin}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok" } });
  });
});
