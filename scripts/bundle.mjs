// `pnpm bundle` (after the build): copies the production folder apps/web/.next/standalone (see
// apps/web/scripts/build-server.mjs) to bundle/, or to the folder given. Its symlinks are
// relative and stay inside it, so the copy runs anywhere: `node bundle/server.js`.
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const from = path.join(root, "apps/web/.next/standalone");
const to = path.resolve(process.argv[2] ?? path.join(root, "bundle"));
if (!existsSync(path.join(from, "server.js"))) {
  console.error(`No production build in ${from}: run \`pnpm bundle\` (or \`pnpm build\` first).`);
  process.exit(1);
}
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true, verbatimSymlinks: true });
console.log(
  `Bundle written to ${path.relative(process.cwd(), to) || "."}: start it with \`node ${path.join(path.relative(process.cwd(), to), "server.js")}\`.`,
);
