import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a receiver got. */
export interface Received {
  path: string;
  deliveryId: string;
  event: string;
  signature: string;
  body: string;
}

/** How the receiver answers a request: a status (and headers), or `"hang"` to never answer. */
export type Answer = { status: number; headers?: Record<string, string> } | "hang";

/**
 * A real HTTP server standing in for a customer's endpoint: it records every request and answers
 * with what `answer` says (200 by default).
 */
export async function startReceiver(answer: (request: Received, index: number) => Answer = () => ({ status: 200 })) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const header = (name: string) => String(request.headers[name] ?? "");
      const entry = {
        path: request.url ?? "",
        deliveryId: header("atiende-delivery"),
        event: header("atiende-event"),
        signature: header("atiende-signature"),
        body,
      };
      const index = received.push(entry) - 1;
      const reply = answer(entry, index);
      if (reply === "hang") return;
      response.writeHead(reply.status, reply.headers).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
