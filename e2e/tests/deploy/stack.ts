/**
 * Real processes for the deployment specs: the production bundle copied out of the repository,
 * PostgreSQL databases, a private Redis and nginx from the machine's packages, each started as a
 * child process and stopped by `stopAll`.
 */
import type { ChildProcess } from "node:child_process";
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, "../../..");

const started = new Set<ChildProcess>();
const folders: string[] = [];

/** A new temporary folder, removed by `stopAll`. */
export function scratchDir(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), `atiende-${prefix}-`));
  folders.push(dir);
  return dir;
}

// E2E_DEPLOY_PORT (a block of 20 from it) keeps what these specs start in a chosen range.
let nextPort = Number(process.env.E2E_DEPLOY_PORT ?? 0);
export function freePort(): Promise<number> {
  if (nextPort) return Promise.resolve(nextPort++);
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once("error", reject);
  });
}

async function waitFor<T>(what: string, attempt: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const portOpen = (port: number) =>
  new Promise<void>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(resolve));
    socket.once("error", reject);
  });

interface Child {
  process: ChildProcess;
  /** What it wrote to stdout and stderr. */
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

function startChild(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Child {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  started.add(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      started.delete(child);
      resolve(code);
    }),
  );
  return {
    process: child,
    output: () => output,
    exited,
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** `pnpm bundle`'s copy step, into a new temporary folder: the bundle, away from the repository. */
export async function copyBundle(): Promise<string> {
  const dir = path.join(scratchDir("bundle"), "bundle");
  await run(process.execPath, [path.join(repoRoot, "scripts/bundle.mjs"), dir]);
  return dir;
}

export type Bundle = Child & { port: number; origin: string };

/**
 * `node <bundle>/server.js` from another working directory, with nothing from this process's
 * environment but PATH: only what an operator would set.
 */
export async function startBundle(bundleDir: string, env: Record<string, string>): Promise<Bundle> {
  const port = Number(env.PORT ?? (await freePort()));
  const origin = `http://127.0.0.1:${port}`;
  const child = startChild(process.execPath, [path.join(bundleDir, "server.js")], {
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH,
      HOST: "127.0.0.1",
      NEXTAUTH_URL: origin,
      ...env,
      PORT: String(port),
    },
  });
  await Promise.race([
    waitFor(`the bundle on port ${port} never became ready`, async () => {
      const response = await fetch(`${origin}/api/ready`);
      if (!response.ok) throw new Error(`ready answered ${response.status}`);
    }),
    child.exited.then((code) => {
      throw new Error(`the bundle exited (${code}):\n${child.output()}`);
    }),
  ]);
  return { ...child, port, origin };
}

/** Runs `node <bundle>/<script>` to its end, as `startBundle` runs the server. */
export async function runBundleScript(
  bundleDir: string,
  script: string,
  env: Record<string, string>,
) {
  return run(process.execPath, [path.join(bundleDir, script)], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH, ...env },
    timeout: 60_000,
  });
}

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Runs SQL with psql; the rows come back one a line, columns split by "|". */
export async function psql(url: string, query: string): Promise<string[]> {
  const { stdout } = await run("psql", [url, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", query]);
  return stdout.split("\n").filter(Boolean);
}

/** A new, empty database on the machine's PostgreSQL (DATABASE_URL's server), dropped by `stopAll`. */
export async function createDatabase(): Promise<string> {
  const name = `atiende_deploy_${randomBytes(5).toString("hex")}`;
  await psql(adminUrl, `create database ${name}`);
  dropLater.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
const dropLater: string[] = [];

/** The demo users (and conversations), as `pnpm db:seed` from the repository puts them there. */
export async function seedDemo(databaseUrl: string) {
  await run("pnpm", ["--filter", "@atiende/db", "db:seed"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "development" },
  });
}

/** A private Redis without persistence. */
export async function startRedis(): Promise<string> {
  const port = await freePort();
  const child = startChild(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      cwd: tmpdir(),
      env: process.env,
    },
  );
  await waitFor("Redis never listened", () => portOpen(port), 15_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${child.output()}`);
  });
  return `redis://127.0.0.1:${port}`;
}

/** A self-signed certificate for localhost and 127.0.0.1, written into `<dir>/certs`. */
export async function makeCertificate(dir: string) {
  const certs = path.join(dir, "certs");
  mkdirSync(certs, { recursive: true });
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout",
    path.join(certs, "atiende.key"),
    "-out",
    path.join(certs, "atiende.crt"),
  ]);
}

export const NGINX_TEMPLATE = path.join(repoRoot, "deploy/nginx/atiende.conf.template");

/**
 * nginx (Debian's) configured by the repository's template, rendered as the nginx image renders
 * /etc/nginx/templates (only the named variables are replaced), inside a minimal main file that
 * keeps every path in `dir`. Certificates are expected in `<dir>/certs`.
 */
export async function startNginx(dir: string, variables: Record<string, string>): Promise<Child> {
  const rendered = readFileSync(NGINX_TEMPLATE, "utf8").replace(
    /\$\{(\w+)\}/g,
    (whole, name: string) => variables[name] ?? whole,
  );
  mkdirSync(path.join(dir, "conf.d"), { recursive: true });
  writeFileSync(path.join(dir, "conf.d/atiende.conf"), rendered);
  // Workers run as an unprivileged user when we are root: they write their temporary files here.
  const temp = path.join(dir, "temp");
  mkdirSync(temp, { recursive: true });
  chmodSync(dir, 0o755);
  chmodSync(temp, 0o777);
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `error_log ${dir}/error.log warn;
events {}
http {
  access_log ${dir}/access.log;
  ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `${kind}_temp_path ${temp}/${kind};`).join("\n  ")}
  include conf.d/*.conf;
}
`,
  );
  const child = startChild(
    "/usr/sbin/nginx",
    ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", `daemon off; pid ${dir}/nginx.pid;`],
    {
      cwd: dir,
      env: process.env,
    },
  );
  const port = Number(variables.NGINX_HTTPS_PORT);
  await Promise.race([
    waitFor("nginx never listened", () => portOpen(port), 15_000),
    child.exited.then((code) => {
      throw new Error(`nginx exited (${code}):\n${child.output()}`);
    }),
  ]);
  return child;
}

/**
 * Stops every process these helpers started (SIGTERM: nginx's master then stops its workers; what
 * is still running 10 s later is killed), drops their databases, removes their folders.
 */
export async function stopAll() {
  await Promise.all(
    [...started].map(async (child) => {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await gone;
      clearTimeout(timer);
    }),
  );
  for (const name of dropLater.splice(0)) {
    await psql(adminUrl, `drop database if exists ${name} with (force)`).catch(() => undefined);
  }
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}
