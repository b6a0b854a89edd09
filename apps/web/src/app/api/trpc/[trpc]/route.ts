import { appRouter, authenticateBearer, createInnerContext } from "@atiende/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { getSessionUser } from "~/server/auth";
import { getServices } from "~/server/services";

/** Who is calling: a bearer token when one is sent (and then only it), else the session cookie. */
async function createContext(request: Request) {
  const services = await getServices();
  const authorization = request.headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  const user = authorization
    ? bearer
      ? await authenticateBearer(services.db, services.config, bearer)
      : null
    : await getSessionUser();
  return createInnerContext(services, user);
}

const handler = (request: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createContext(request),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
      }
    },
  });

export { handler as GET, handler as POST };
