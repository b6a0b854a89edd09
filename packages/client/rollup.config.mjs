import { readFileSync } from "node:fs";
import path from "node:path";

import { dts } from "rollup-plugin-dts";

const root = path.resolve(import.meta.dirname, "../..");
// Where `tsc -p tsconfig.build.json` put the declarations of the client and the workspace code it uses.
const declarations = path.join(import.meta.dirname, "node_modules/.cache/declarations");

/** `@atiende/api/realtime` → the declaration tsc emitted for the file its `exports` entry names. */
function workspaceDeclarations() {
  return {
    name: "workspace-declarations",
    resolveId(id) {
      const match = /^@atiende\/([^/]+)(\/.*)?$/.exec(id);
      if (!match) return null;
      const [, name, sub] = match;
      const manifest = JSON.parse(
        readFileSync(path.join(root, "packages", name, "package.json"), "utf8"),
      );
      const target = manifest.exports[sub ? `.${sub}` : "."];
      return path.join(declarations, "packages", name, target.replace(/\.ts$/, ".d.ts"));
    },
  };
}

/**
 * A client never sees the server's context, so the router's `ctx` is published as `object`: the
 * server's services (database, bus, configuration) stay out of the package's types.
 */
function publicContext() {
  return {
    name: "public-context",
    transform(code, id) {
      if (!id.endsWith(path.join("packages", "api", "src", "root.d.ts"))) return null;
      const published = code.replaceAll('ctx: import("./trpc").InnerContext;', "ctx: object;");
      if (published === code)
        this.error("root.d.ts no longer names InnerContext: update publicContext");
      return published;
    },
  };
}

export default {
  input: path.join(declarations, "packages/client/src/index.d.ts"),
  output: { file: "dist/index.d.ts", format: "es" },
  // Published packages stay imports (and dependencies); the workspace's own types are inlined.
  external: (id) => !id.startsWith("@atiende/") && !id.startsWith(".") && !path.isAbsolute(id),
  plugins: [workspaceDeclarations(), publicContext(), dts({ respectExternal: true })],
};
