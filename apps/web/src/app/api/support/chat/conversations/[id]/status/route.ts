import { supportConsole } from "@atiende/api/rest";

import { restRoute } from "~/server/rest";

export const PATCH = restRoute<{ id: string }>(
  ({ caller, params, body }) => supportConsole.setStatus(caller, params, body),
  supportConsole.consoleFieldNames,
);
