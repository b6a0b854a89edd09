import { widget } from "@atiende/api/rest";

import { restRoute } from "~/server/rest";

export const PATCH = restRoute<{ id: string }>(({ caller, params }) => widget.markSessionRead(caller, params));
