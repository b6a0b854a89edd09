const MAX_BODY_BYTES = 16 * 1024;

/** A JSON answer nobody caches (it carries tokens). */
export const noStoreJson = (status: number, body: unknown) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

/** Reads a small JSON body: `tooLarge` past 16 KiB, `body` undefined when it is not JSON. */
export async function readJsonBody(request: Request): Promise<{ tooLarge: boolean; body: unknown }> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return { tooLarge: true, body: null };
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return { tooLarge: true, body: null };
  try {
    return { tooLarge: false, body: JSON.parse(text) as unknown };
  } catch {
    return { tooLarge: false, body: undefined };
  }
}
