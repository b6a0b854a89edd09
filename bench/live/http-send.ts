import { Agent, request } from "node:http";

/**
 * One HTTP request per message, as a browser or the typed client sends them (no batching), over
 * kept-alive connections as theirs are. Resolves with the status; the body is read and dropped.
 */
export function httpPoster(port: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
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
