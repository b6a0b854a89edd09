import { widget } from "@atiende/api/rest";

import { restRoute } from "~/server/rest";

export const GET = restRoute<{ id: string }>(({ caller, params }) => widget.getSessionMessages(caller, params));
