// The import rules that keep the code's shape (ARCHITECTURE.md): in packages/api the arrows run
// one way, server → transport → routers → domain → db, and the web app's browser code takes from
// the API side only its contract. `pnpm lint` runs this; a violation fails it.

const API = "^packages/api/src/";
/** Tests and their support may reach anything they test. */
const TESTS = ["\\.test\\.ts$", "^packages/api/test/"];
const SERVER = `${API}server/`;
const TRANSPORT = `${API}(transport|rest)/`;
const ROUTERS = `${API}(routers/|root\\.ts$|trpc\\.ts$)`;
/** Code that runs in browsers: the web's contract and the tRPC link the web and @atiende/client share. */
const BROWSER = `${API}(contract|client)/`;
/**
 * The web app's code that runs (or may run) in browsers (build-embed.mjs bundles embed/ and
 * plain-pages/). `app/` holds routes, server code only: its client components live in components/.
 */
const WEB_CLIENT = "^apps/web/src/(components|embed|plain-pages|trpc|i18n)/";

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "api-server-is-the-top",
      comment: "server/ wires the services and starts the transports: nothing in the API imports it.",
      severity: "error",
      from: { path: API, pathNot: [SERVER, ...TESTS] },
      to: { path: SERVER },
    },
    {
      name: "api-routers-not-up",
      comment: "Routers (and trpc.ts, root.ts) know nothing of the transports that carry them.",
      severity: "error",
      from: { path: ROUTERS, pathNot: TESTS },
      to: { path: [TRANSPORT, SERVER] },
    },
    {
      name: "api-domain-not-up",
      comment:
        "Domain code (domain, realtime, auth, assignment, uploads, webhooks, …) is called by routers and " +
        "transports and never calls them: a query several layers need belongs in domain/.",
      severity: "error",
      from: { path: API, pathNot: [SERVER, TRANSPORT, ROUTERS, BROWSER, `${API}index\\.ts$`, ...TESTS] },
      to: { path: [SERVER, TRANSPORT, ROUTERS] },
    },
    {
      name: "api-browser-code-no-node",
      comment: "The contract and the client link run in browsers (the embed frame bundles them): no Node.",
      severity: "error",
      from: { path: BROWSER, pathNot: TESTS },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "api-browser-code-no-server",
      comment: "The contract and the client link take values from no server or database code; types are fine.",
      severity: "error",
      from: { path: BROWSER, pathNot: TESTS },
      to: {
        path: [API, "^packages/db/"],
        pathNot: [BROWSER, "^packages/db/src/constants\\.ts$"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "web-client-no-database",
      comment: "Database packages are for server code (apps/web/src/server, server.ts, migrate.ts) only.",
      severity: "error",
      from: { path: "^apps/web/src/", pathNot: "^apps/web/src/server/" },
      to: { path: ["^packages/db/", "node_modules/(drizzle-orm|postgres|@electric-sql/pglite)/"] },
    },
    {
      name: "web-client-takes-the-contract",
      comment:
        "Browser code takes values from the API side only through @atiende/api/contract (and the " +
        "tRPC link in @atiende/api/client); types may come from anywhere.",
      severity: "error",
      from: { path: WEB_CLIENT },
      to: {
        path: API,
        pathNot: [`${API}contract/`, `${API}client/`],
        dependencyTypesNot: ["type-only"],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["\\.next/", "/public/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.depcruise.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
