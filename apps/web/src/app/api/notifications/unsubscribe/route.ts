import { readUnsubscribeToken, updateNotificationSettings } from "@atiende/api/notifications";

import { getServices } from "~/server/services";

/**
 * Turns a person's emails off: the POST of a mail client's one-click button (RFC 8058, the
 * List-Unsubscribe header) and of the /baja-correo page's button. A GET (a client that opens the
 * header's address in a browser) goes to that page, which asks first. The token names the person
 * and is signed for this purpose only.
 */
export async function POST(request: Request) {
  const { db, config } = await getServices();
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const userId = readUnsubscribeToken(token.slice(0, 200), config.auth.secret);
  if (!userId) return new Response("invalid link", { status: 400, headers: { "cache-control": "no-store" } });
  await updateNotificationSettings(db, userId, { emailEnabled: false }, null);
  return new Response("unsubscribed", { status: 200, headers: { "cache-control": "no-store" } });
}

export function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return new Response(null, { status: 303, headers: { location: `/baja-correo?token=${encodeURIComponent(token.slice(0, 200))}` } });
}
