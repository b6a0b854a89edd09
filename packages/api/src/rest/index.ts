export type { Caller, RestResult } from "./caller";
export { toRestError, restTexts, type RestErrorResponse } from "./errors";
export { createOpenApiDocument } from "./openapi";
export * as widget from "./widget";
export * as supportConsole from "./console";
