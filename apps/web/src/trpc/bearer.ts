/**
 * How this page proves who it is. The app's own pages carry the session cookie and set nothing
 * here; the embedded chat (/embed) has no cookie at all and sets where its bearer token comes from
 * before it renders, so every call, socket and upload carries that token instead.
 */
let tokenSource: (() => Promise<string | null>) | undefined;

export function takeBearerTokensFrom(source: () => Promise<string | null>) {
  tokenSource = source;
}

/** Whether calls carry a bearer token rather than the session cookie. */
export const usesBearerTokens = () => tokenSource !== undefined;

/** The current token, or null (cookie pages, or a frame whose host vouches for nobody). */
export const currentBearerToken = async () => (tokenSource ? tokenSource() : null);

/** The `Authorization` header for a call, when this page uses bearer tokens. */
export async function bearerHeaders(): Promise<Record<string, string>> {
  const token = await currentBearerToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}
