/** A bearer token of ours, traded for the host's token. */
interface Session {
  token: string;
  expiresAt: number;
  user: { id: string; name: string };
}

/** Tokens are renewed this long before they run out, so no call carries a dying one. */
const RENEW_BEFORE_MS = 60_000;

/**
 * The embedded chat's credentials: it asks the host for a token (through the loader's `getToken`),
 * trades it at /api/auth/embed-token for one of ours, and trades again shortly before that one
 * expires. Nothing is stored: a reload asks the host again.
 */
export function createEmbedSession(requestHostToken: () => Promise<string | null>) {
  let current: Session | null = null;
  let renewing: Promise<Session | null> | null = null;

  const renew = async (): Promise<Session | null> => {
    const hostToken = await requestHostToken();
    if (!hostToken) return (current = null);
    const response = await fetch("/api/auth/embed-token", {
      method: "POST",
      credentials: "omit",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: hostToken }),
    }).catch(() => null);
    if (!response?.ok) return (current = null);
    const body = (await response.json()) as { token: string; expiresAt: string; user: Session["user"] };
    return (current = { token: body.token, expiresAt: Date.parse(body.expiresAt), user: body.user });
  };

  const fresh = async (): Promise<Session | null> => {
    if (current && current.expiresAt - Date.now() > RENEW_BEFORE_MS) return current;
    renewing ??= renew().finally(() => (renewing = null));
    return renewing;
  };

  return {
    /** Who the host vouches for now (null: nobody, or a token that did not verify). */
    start: fresh,
    token: async () => (await fresh())?.token ?? null,
    forget: () => {
      current = null;
    },
  };
}
