import { widget } from "@atiende/api/rest";

import { restRoute } from "~/server/rest";

export const POST = restRoute(({ caller }) => widget.createSession(caller));
