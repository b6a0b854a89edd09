import { widget } from "@atiende/api/rest";

import { restRoute } from "~/server/rest";

export const GET = restRoute(({ caller }) => widget.getActiveSession(caller));
