/**
 * The composition root: what a process calls to build the API's services and put them on its HTTP
 * server (apps/web/server.ts, the fault tests' child server, the bench). Nothing inside the API
 * imports this folder.
 */
export { createServices } from "./services";
export { createAutoReplies } from "../routers/business-hours/auto-reply";
export { bearerIdentity, serveApi, stopOnSignals, type Identify, type ServeOptions } from "./serve";
