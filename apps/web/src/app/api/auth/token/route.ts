import { authenticateWithPassword, issueToken } from "@atiende/api";
import { z } from "zod";

import { getServices } from "~/server/services";

const ZTokenRequest = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/** POST { email, password } → a short-lived bearer token for the REST API and the typed client. */
export async function POST(request: Request) {
  const body: unknown = await request.json().catch(() => undefined);
  const parsed = ZTokenRequest.safeParse(body);
  if (!parsed.success) {
    return Response.json(
      { success: false, message: ["Indica email y password"], errors: z.flattenError(parsed.error).fieldErrors },
      { status: 400 },
    );
  }
  const { db, config } = await getServices();
  const user = await authenticateWithPassword(db, parsed.data.email, parsed.data.password);
  if (!user) {
    return Response.json({ success: false, message: "Credenciales inválidas" }, { status: 401 });
  }
  const { token, expiresAt } = await issueToken(user.id, config);
  return Response.json({
    token,
    expiresAt: expiresAt.toISOString(),
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
  });
}
