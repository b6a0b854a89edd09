import { supportConsole } from "@atiende/api/rest";

import { restRoute } from "~/server/rest";

export const POST = restRoute<{ id: string }>(
  ({ caller, params, body }) => supportConsole.markRead(caller, params, body),
  supportConsole.consoleFieldNames,
);
