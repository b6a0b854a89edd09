import { Agent, request } from "node:http";

/**
 * One HTTP request per message, as a browser or the typed client sends them (no batching), over
 * kept-alive connections as theirs are. Resolves with the status; the body is read and dropped.
 */
export function httpPoster(port: number) {
  // Idle sockets are let go before the server's keep-alive timeout (Node's 5 s) closes them: a
  // request sent on a socket the server is closing that instant fails with "socket hang up".
  const agent = new Agent({ keepAlive: true, maxSockets: 512, timeout: 4000 });
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const sent = request(
        {
          agent,
          host: "127.0.0.1",
          port,
          path,
          method: "POST",
          headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), ...headers },
        },
        (response) => {
          response.resume();
          response.once("end", () => resolve(response.statusCode ?? 0));
          response.once("error", reject);
        },
      );
      sent.once("error", reject);
      sent.end(body);
    });
  return { post, close: () => agent.destroy() };
}
