import NextAuth from "next-auth";

import { authOptions } from "~/server/auth";
import { refuseIfRateLimited } from "~/server/sign-in-limit";

const handler = NextAuth(authOptions) as (request: Request, context: unknown) => Promise<Response>;

// next-auth's bodies are small forms; anything bigger is not a sign-in.
const MAX_BODY_BYTES = 16 * 1024;

/**
 * next-auth, with the sign-in form's attempts rate-limited per IP and per account first. A refused
 * attempt gets 429 and a `url` whose `error` (RateLimited:<seconds>) next-auth's client passes on.
 */
async function POST(request: Request, context: unknown) {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return Response.json({ message: "Petición demasiado grande" }, { status: 413 });
  }
  if (new URL(request.url).pathname.endsWith("/callback/credentials")) {
    const form = await request.clone().formData().catch(() => null);
    const email = form?.get("email");
    const refused = await refuseIfRateLimited(request, typeof email === "string" ? email : "", (message, seconds) => ({
      message,
      url: new URL(`/sign-in?error=RateLimited:${seconds}`, request.url).toString(),
    }));
    if (refused) return refused;
  }
  return handler(request, context);
}

export { handler as GET, POST };
