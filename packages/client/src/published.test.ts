/**
 * The packages as a host developer gets them: @atiende/client and @atiende/react are built, packed
 * and installed from their tarballs into an empty project outside the workspace, whose program
 * (test/host-app) must type-check strictly and then work against a real server. A declaration that
 * names an unpublished workspace package fails twice here: its import is listed below, and the
 * types it would lose become `any`, which the program's expected type errors notice. Packaging does not depend on the database, so
 * this runs in CI's PGlite pass only.
 */
import { execFile, spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";

import { authenticateWithPassword, issueToken } from "@atiende/api";
import type { ApiServices } from "@atiende/api";
import { hashPassword, useHarness } from "@atiende/api/test/harness";
import { startTestServer } from "@atiende/api/test/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const packagesDir = path.resolve(import.meta.dirname, "../..");
const published = ["client", "react"] as const;
const manifestOf = async (file: string) =>
  JSON.parse(await readFile(file, "utf8")) as Record<string, Record<string, string> | undefined>;

/** The host project's package.json: the tarballs, plus what a host has anyway, at the workspace's versions. */
async function hostManifest(tarballs: Record<string, string>) {
  const react = await manifestOf(path.join(packagesDir, "react/package.json"));
  const client = await manifestOf(path.join(packagesDir, "client/package.json"));
  const root = await manifestOf(path.join(packagesDir, "../package.json"));
  const pick = (from: Record<string, string> | undefined, names: string[]) =>
    Object.fromEntries(names.map((name) => [name, from?.[name] ?? "*"]));
  return {
    name: "host-app",
    private: true,
    type: "module",
    dependencies: {
      ...tarballs,
      ...pick(react.devDependencies, ["react", "react-dom"]),
      ...pick(client.devDependencies, ["ws"]),
    },
    devDependencies: {
      ...pick(root.devDependencies, ["typescript", "@types/node"]),
      ...pick(react.devDependencies, ["@types/react", "@types/react-dom"]),
      ...pick(client.devDependencies, ["@types/ws"]),
    },
  };
}

/** The packages a module or declaration file imports (`from "x"`, `import("x")`), by name. */
function packagesImportedBy(code: string) {
  const specifiers = [...code.matchAll(/(?:from|import)\s*\(?\s*["']([^"'.][^"']*)["']/g)];
  return specifiers.map(([, specifier = ""]) =>
    specifier
      .split("/")
      .slice(0, specifier.startsWith("@") ? 2 : 1)
      .join("/"),
  );
}

/** apps/web's POST /api/auth/token, reduced to what `signIn` needs, on the test server. */
function tokenRoute(services: ApiServices) {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== "POST" || request.url !== "/api/auth/token")
      return void response.writeHead(404).end();
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const { email, password } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<
        string,
        string
      >;
      const user = await authenticateWithPassword(services.db, email ?? "", password ?? "");
      if (!user) return void response.writeHead(401).end();
      const { token, expiresAt } = await issueToken(user.id, services.config);
      const body = {
        token,
        expiresAt,
        user: { id: user.id, email: user.email, name: user.name, role: user.role },
      };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    })();
  };
}

describe.skipIf(process.env.DATABASE_URL)("the published packages", () => {
  const h = useHarness();
  let project = "";
  const tarballs: Record<string, string> = {};

  beforeAll(async () => {
    project = await mkdtemp(path.join(tmpdir(), "atiende-host-"));
    for (const name of published) {
      const dir = path.join(packagesDir, name);
      await run("pnpm", ["run", "build"], { cwd: dir });
      const { stdout } = await run("pnpm", ["pack", "--json", "--pack-destination", project], {
        cwd: dir,
      });
      const { filename } = JSON.parse(stdout) as { filename: string };
      tarballs[`@atiende/${name}`] = `file:./${path.basename(filename)}`;
    }
    await cp(path.join(import.meta.dirname, "../test/host-app"), project, { recursive: true });
    await writeFile(
      path.join(project, "package.json"),
      JSON.stringify(await hostManifest(tarballs), null, 2),
    );
    // No lockfile: CI=true would otherwise make pnpm refuse to write one.
    await run(
      "pnpm",
      ["install", "--prefer-offline", "--no-frozen-lockfile", "--reporter=silent"],
      { cwd: project },
    );
  }, 240_000);
  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it("installs without workspace dependencies, with only published code and types", async () => {
    for (const name of published) {
      const installed = path.join(project, "node_modules/@atiende", name);
      const manifest = await readFile(path.join(installed, "package.json"), "utf8");
      expect(manifest).not.toContain("workspace:");
      const { dependencies = {}, peerDependencies = {} } = JSON.parse(manifest) as Record<
        string,
        Record<string, string> | undefined
      >;
      const js = await readFile(path.join(installed, "dist/index.js"), "utf8");
      const dts = await readFile(path.join(installed, "dist/index.d.ts"), "utf8");
      for (const code of [js, dts]) {
        const undeclared = packagesImportedBy(code).filter(
          (imported) => !(imported in dependencies) && !(imported in peerDependencies),
        );
        expect(undeclared).toEqual([]);
      }
    }
    // Only the client's links travel with it, not the server.
    expect(
      (await readFile(path.join(project, "node_modules/@atiende/client/dist/index.js"))).byteLength,
    ).toBeLessThan(16_000);
  });

  it("type-checks a host's program with strict settings", async () => {
    const tsc = run(path.join(project, "node_modules/.bin/tsc"), ["-p", "."], { cwd: project });
    await expect(
      tsc.catch((error: { stdout?: string }) => Promise.reject(new Error(error.stdout))),
    ).resolves.toBeDefined();
  }, 60_000);

  it("signs in, sends, hears an agent's reply live, and renders the widget on the server", async () => {
    const password = "demo1234";
    const candidate = await h.createUser("candidato", {
      passwordHash: await hashPassword(password),
    });
    const agent = await h.actor("soporte");
    const server = await startTestServer(h.services, 0, { fallback: tokenRoute(h.services) });
    try {
      const host = spawn(process.execPath, ["out/host.js"], {
        cwd: project,
        env: {
          ...process.env,
          ATIENDE_URL: server.origin,
          ATIENDE_EMAIL: candidate.email,
          ATIENDE_PASSWORD: password,
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise<number | null>((resolve) => host.once("exit", resolve));
      const steps: Record<string, unknown> = {};
      for await (const line of createInterface({ input: host.stdout })) {
        const { step, value } = JSON.parse(line) as { step: string; value: unknown };
        steps[step] = value;
        if (step === "listening") {
          await agent.caller.message.send({
            conversationId: String(value),
            content: "Hola, soy tu agente",
          });
        }
      }
      expect(await exited).toBe(0);
      expect(steps).toMatchObject({
        ssr: "",
        sent: { role: "candidato" },
        reply: "Hola, soy tu agente",
      });
    } finally {
      await server.close();
    }
  }, 60_000);
});
