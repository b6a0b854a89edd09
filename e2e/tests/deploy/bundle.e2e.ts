import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { signIn } from "../fixtures";
import type { Bundle } from "./stack";
import {
  copyBundle,
  createDatabase,
  psql,
  repoRoot,
  runBundleScript,
  seedDemo,
  startBundle,
  stopAll,
} from "./stack";

// One bundle, copied out of the repository, serves every test here.
test.describe.configure({ mode: "serial" });

let bundleDir = "";
let databaseUrl = "";
let server: Bundle;
const secret = randomBytes(32).toString("hex");

test.beforeAll(async () => {
  test.setTimeout(120_000);
  bundleDir = await copyBundle();
  databaseUrl = await createDatabase();
});
test.afterAll(stopAll);

test("the bundle migrates as a release step, then serves pages and signs in on its own", async ({
  page,
}) => {
  // The release step: migrate.js needs only the database's variables (no secret).
  const migrated = await runBundleScript(bundleDir, "migrate.js", { DATABASE_URL: databaseUrl });
  expect(migrated.stdout).toContain("Migrations applied (postgres)");
  expect(await psql(databaseUrl, "select count(*) from drizzle.__drizzle_migrations")).not.toEqual([
    "0",
  ]);
  await seedDemo(databaseUrl);

  server = await startBundle(bundleDir, {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: secret,
    MIGRATE_ON_START: "false",
  });
  const ready = await fetch(`${server.origin}/api/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: "ok" } });

  // A person signs in through the page (Next's pages, static files, next-auth, argon2).
  await signIn(page, "soporte@example.com", undefined, server.origin);
  await page.goto(`${server.origin}/support/communication`);
  await expect(page.getByRole("heading", { name: "Bandeja de entrada" })).toBeVisible();
  expect(server.output()).toContain('"mode":"production"');
});

test("the bundle refuses to start in production without AUTH_SECRET, naming it", async () => {
  const failed = await runBundleScript(bundleDir, "server.js", {
    DATABASE_URL: databaseUrl,
    PORT: "1",
  }).then(
    () => "started",
    (error: { stderr?: string }) => error.stderr ?? "",
  );
  expect(failed).toContain("AUTH_SECRET");
});

/** The Dockerfile's runtime stage, read as an operator would: what it copies, runs and probes. */
test("the Dockerfile copies the bundle and runs and probes what is in it", async () => {
  const dockerfile = readFileSync(path.join(repoRoot, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? "";
  expect(stages.length).toBeGreaterThan(1);
  expect(runtime).toMatch(/^node:\S+-slim AS \w+/);

  // It copies `pnpm bundle`'s output from the build stage (whose last step is `pnpm bundle`).
  const copy = runtime.match(/^COPY --from=\w+ (?:--chown=\S+ )?(\S+) (\S+)$/m);
  expect(copy?.[1]).toBe("/src/bundle");
  expect(stages[0]).toMatch(/^WORKDIR \/src$/m);
  expect(stages[0]).toMatch(/pnpm bundle\s*$/m);
  const workdir = runtime.match(/^WORKDIR (\S+)$/m)?.[1];
  expect(copy?.[2]).toBe(workdir);

  // What it runs exists in the bundle under that name.
  const command = JSON.parse(runtime.match(/^CMD (\[.*\])$/m)?.[1] ?? "[]") as string[];
  expect(command[0]).toBe("node");
  expect(statSync(path.join(bundleDir, command.at(-1) ?? "missing")).isFile()).toBe(true);
  // With the same Node flags as `pnpm start` (the heap's sizes, docs/deploy.md).
  const start = (JSON.parse(readFileSync(path.join(repoRoot, "apps/web/package.json"), "utf8")) as {
    scripts: { start: string };
  }).scripts.start.split(/\s+/);
  expect(command.slice(1, -1)).toEqual(start.slice(1, -1));

  // Not as root, and the probe's path answers on the running bundle.
  expect(runtime).toMatch(/^USER (?!root)\w+$/m);
  const probe = runtime.match(/^HEALTHCHECK .*'(\/api\/\w+)'/m)?.[1];
  expect(probe).toBe("/api/health");
  expect((await fetch(`${server.origin}${probe}`)).status).toBe(200);
  const exposed = runtime.match(/^EXPOSE (\d+)$/m)?.[1];
  expect(runtime).toContain(`PORT=${exposed}`);

  // No secret is baked into a layer.
  expect(dockerfile).not.toMatch(/AUTH_SECRET|PASSWORD|SECRET_ACCESS_KEY/);
});
