import { supportConsole } from "@atiende/api/rest";

import { restRoute } from "~/server/rest";

const names = supportConsole.consoleFieldNames;
export const GET = restRoute<{ id: string }>(
  ({ caller, params, query }) => supportConsole.listMessages(caller, params, query),
  names,
);
export const POST = restRoute<{ id: string }>(
  ({ caller, params, body }) => supportConsole.sendMessage(caller, params, body),
  names,
);
