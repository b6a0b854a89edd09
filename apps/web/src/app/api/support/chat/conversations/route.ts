import { supportConsole } from "@atiende/api/rest";

import { restRoute } from "~/server/rest";

const names = supportConsole.consoleFieldNames;
export const GET = restRoute(({ caller, query }) => supportConsole.listConversations(caller, query), names);
export const POST = restRoute(({ caller, body }) => supportConsole.createConversation(caller, body), names);
