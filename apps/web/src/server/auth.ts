import { authenticateWithPassword, credentialUser, recordFailedSignIn } from "@atiende/api";
import type { User } from "@atiende/db";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { redirect } from "next/navigation";
import { z } from "zod";

import { env } from "~/env";
import { sessionAuthTime } from "./identity";
import { getServices } from "./services";

const ZCredentials = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

/**
 * next-auth's own cookie defaults are what we want, and tests check them: HttpOnly, SameSite=Lax,
 * path /, and Secure with a `__Secure-` name whenever NEXTAUTH_URL is https (production must be).
 * Sign-in attempts are rate-limited before they reach `authorize` (app/api/auth/[...nextauth]).
 */
export const authOptions: NextAuthOptions = {
  secret: env.AUTH_SECRET,
  // Eight hours without a visit ends the session; a password change or a disabled account ends
  // it at once (see getSessionUser).
  session: { strategy: "jwt", maxAge: 60 * 60 * 8 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Correo y contraseña",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(raw) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) return null;
        const { db, config } = await getServices();
        const user = await authenticateWithPassword(db, parsed.data.email, parsed.data.password);
        if (!user) await recordFailedSignIn(db, config, { email: parsed.data.email, ip: null });
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // `iat` moves on every refresh; the sign-in time stays, to compare with a password change.
      if (user) Object.assign(token, { sub: user.id, authTime: Date.now() });
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) Object.assign(session.user, { id: token.sub, authTime: token.authTime });
      return session;
    },
  },
};

/**
 * The signed-in user of the current request's session cookie, read fresh from the database; null
 * if the account was disabled or its password changed since this session signed in.
 */
export async function getSessionUser(): Promise<User | null> {
  const session = await getServerSession(authOptions);
  const sessionUser = session?.user as { id?: string; authTime?: unknown } | undefined;
  if (!sessionUser?.id) return null;
  const { db } = await getServices();
  return (await credentialUser(db, sessionUser.id, sessionAuthTime(sessionUser.authTime)))?.user ?? null;
}

/**
 * The signed-in user of any page but /perfil: someone holding a temporary password (given by an
 * admin) is sent to /perfil to choose their own first. The API refuses them everything else too.
 */
export async function getPageUser(): Promise<User | null> {
  const user = await getSessionUser();
  if (user?.mustChangePassword) redirect("/perfil");
  return user;
}
