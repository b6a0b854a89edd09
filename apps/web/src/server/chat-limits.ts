import { chatLimitsOf } from "@atiende/api/contract";

import { getServices } from "./services";

/** The deployment's message limits, from the API's own configuration, for the composer's checks. */
export const chatLimits = async () => chatLimitsOf((await getServices()).config);
