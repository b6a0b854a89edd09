/**
 * Two instances of the production bundle behind nginx (the repository's configuration), on one
 * PostgreSQL and one Redis, driven by Chromium over HTTPS through the proxy only: secure cookies
 * and `wss:` as in production. An instance stops mid-conversation (SIGTERM, then kill -9) and both
 * browsers carry on through the other one.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

import type { Browser, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { signIn } from "../fixtures";
import type { Bundle } from "./stack";
import {
  copyBundle,
  createDatabase,
  freePort,
  makeCertificate,
  psql,
  scratchDir,
  seedDemo,
  startBundle,
  startNginx,
  startRedis,
  stopAll,
} from "./stack";

const run = promisify(execFile);
test.describe.configure({ mode: "serial" });

let bundleDir = "";
let databaseUrl = "";
let proxy = "";
let instanceEnv: Record<string, string> = {};
let nginxDir = "";
const instances: Bundle[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  nginxDir = scratchDir("nginx");
  const [bundle, database, redisUrl, nginxPort, ports] = await Promise.all([
    copyBundle(),
    createDatabase(),
    startRedis(),
    freePort(),
    Promise.all([freePort(), freePort()]),
    makeCertificate(nginxDir),
  ]);
  bundleDir = bundle;
  databaseUrl = database;
  proxy = `https://localhost:${nginxPort}`;
  await seedDemo(databaseUrl);
  instanceEnv = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    NEXTAUTH_URL: proxy,
    TRUST_PROXY: "1",
    // The seeded agent already holds conversations; room for this spec's.
    SUPPORT_CHAT_AGENT_CAPACITY: "50",
    SHUTDOWN_GRACE_SECONDS: "5",
  };
  // Both start at once and both migrate: they take turns under the migration lock.
  instances.push(
    ...(await Promise.all(
      ports.map((port) => startBundle(bundleDir, { ...instanceEnv, PORT: String(port) })),
    )),
  );
  await startNginx(nginxDir, {
    ATIENDE_APP_1: `127.0.0.1:${ports[0]}`,
    ATIENDE_APP_2: `127.0.0.1:${ports[1]}`,
    NGINX_HTTPS_PORT: String(nginxPort),
  });
});
// Playwright reads the fixtures a hook needs from its first parameter: none here.
// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const [i, instance] of instances.entries()) {
    const file = testInfo.outputPath(`instance-${i + 1}.log`);
    writeFileSync(file, instance.output());
    await testInfo.attach(`instance-${i + 1}.log`, { path: file, contentType: "text/plain" });
  }
  await testInfo.attach("nginx-error.log", {
    path: path.join(nginxDir, "error.log"),
    contentType: "text/plain",
  });
});
test.afterAll(stopAll);

/** Long-lived connections (the browsers' sockets) nginx holds open to each instance. */
async function socketsPerInstance(): Promise<number[]> {
  const counts = await Promise.all(
    instances.map(async (instance) => {
      const { stdout } = await run("ss", [
        "-Htnp",
        "state",
        "established",
        `( dport = :${instance.port} )`,
      ]);
      return stdout.split("\n").filter((line) => line.includes('"nginx"')).length;
    }),
  );
  return counts;
}

/**
 * The instance serving a newly opened page's socket: the one with one more socket than in
 * `baseline`, once the page's sockets have settled (a reload closes one socket and opens another).
 */
async function instanceOf(baseline: number[]): Promise<number> {
  let gained = -1;
  await expect
    .poll(
      async () => {
        const up = (await socketsPerInstance()).map((count, i) => count - (baseline[i] ?? 0));
        gained = up.findIndex((delta) => delta === 1);
        return [...up].sort().join(",");
      },
      { timeout: 15_000 },
    )
    .toBe([0, 1].join(","));
  return gained;
}

async function newPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: proxy });
  const page = await context.newPage();
  await signIn(page, email, undefined, proxy);
  return page;
}

const messages = (page: Page) => page.getByRole("list", { name: "Mensajes de la conversación" });

/** `text` shows in a page's conversation exactly once, within `timeout`. */
async function expectOnce(page: Page, text: string, timeout = 10_000) {
  const times = async () => (await messages(page).innerText()).split(text).length - 1;
  await expect.poll(times, { timeout, message: `"${text}" once` }).toBe(1);
}

async function startConversation(page: Page, subject: string) {
  await page.goto("/chat-soporte");
  await page.getByLabel("Asunto").fill(subject);
  await page.getByRole("button", { name: "Empezar" }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
}

async function say(page: Page, box: "Escribe tu mensaje" | "Escribe tu respuesta", text: string) {
  await page.getByLabel(box).fill(text);
  await page.getByLabel(box).press("Enter");
}

const runs = [
  {
    signal: "SIGTERM",
    candidate: "candidato@example.com",
    latecomer: "candidato3@example.com",
    stop: "candidate",
  },
  {
    signal: "SIGKILL",
    candidate: "candidato2@example.com",
    latecomer: "candidato4@example.com",
    stop: "agent",
  },
] as const;

for (const { signal, candidate: candidateEmail, latecomer, stop } of runs) {
  test(`an instance stopped with ${signal} mid-conversation: both browsers carry on through the other, nothing lost or doubled`, async ({
    browser,
  }) => {
    test.setTimeout(150_000);
    const tag = `${signal}-${Date.now()}`;

    // The agent's console, then the candidate's chat, on different instances.
    const none = await socketsPerInstance();
    const agent = await newPage(browser, "soporte@example.com");
    await agent.goto("/support/communication");
    await expect(agent.getByRole("heading", { name: "Bandeja de entrada" })).toBeVisible();
    const agentOn = await instanceOf(none);
    const agentOnly = await socketsPerInstance();

    const candidate = await newPage(browser, candidateEmail);
    const subject = `Dos instancias ${tag}`;
    await startConversation(candidate, subject);
    let candidateOn = await instanceOf(agentOnly);
    for (let attempt = 0; candidateOn === agentOn && attempt < 8; attempt++) {
      // nginx takes turns: a reload opens the socket on the next instance.
      await candidate.reload();
      await candidate.getByRole("button", { name: new RegExp(subject) }).click();
      await expect(candidate.getByRole("heading", { name: subject })).toBeVisible();
      candidateOn = await instanceOf(agentOnly);
    }
    expect(candidateOn).not.toBe(agentOn);

    // They talk live across the two instances (through Redis).
    await say(candidate, "Escribe tu mensaje", `Hola ${tag}`);
    const inboxItem = agent
      .getByRole("list", { name: "Bandeja de entrada" })
      .getByRole("button", { name: new RegExp(subject) });
    await inboxItem.click();
    await expectOnce(agent, `Hola ${tag}`);
    await say(agent, "Escribe tu respuesta", `Te ayudo ${tag}`);
    await expectOnce(candidate, `Te ayudo ${tag}`);

    // One instance stops; both keep typing straight away.
    const stopped = stop === "candidate" ? candidateOn : agentOn;
    const instance = instances[stopped];
    if (!instance) throw new Error("no such instance");
    const deadline = Date.now() + 10_000;
    const exited = instance.stop(signal);
    await say(candidate, "Escribe tu mensaje", `Durante ${tag}`);
    await say(agent, "Escribe tu respuesta", `Sigo aquí ${tag}`);

    // Within 10 s of the stop each side has everything the other sent, once.
    for (const page of [candidate, agent]) {
      for (const text of [`Durante ${tag}`, `Sigo aquí ${tag}`]) {
        await expectOnce(page, text, Math.max(1, deadline - Date.now()));
      }
    }
    await exited;
    // Then they go on talking.
    await say(candidate, "Escribe tu mensaje", `Después ${tag}`);
    await expectOnce(agent, `Después ${tag}`);
    await say(agent, "Escribe tu respuesta", `Listo ${tag}`);
    await expectOnce(candidate, `Listo ${tag}`);
    for (const page of [candidate, agent]) {
      for (const text of [`Hola ${tag}`, `Te ayudo ${tag}`]) await expectOnce(page, text);
    }
    const stored = await psql(
      databaseUrl,
      `select count(*) from support_messages m join support_conversations c on c.id = m.conversation_id where c.subject = '${subject}'`,
    );
    expect(stored).toEqual(["6"]);

    // A conversation opened while the instance is down is assigned, exactly once.
    const late = await newPage(browser, latecomer);
    const lateSubject = `Mientras tanto ${tag}`;
    await startConversation(late, lateSubject);
    const assignments = () =>
      psql(
        databaseUrl,
        `select u.email, (select count(*) from audit_log a where a.conversation_id = c.id and a.action = 'conversation.assigned')
           from support_conversations c join users u on u.id = c.assigned_support_user_id where c.subject = '${lateSubject}'`,
      );
    await expect.poll(assignments, { timeout: 10_000 }).toEqual(["soporte@example.com|1"]);

    // The stopped instance comes back (a rolling restart); still assigned once.
    instances[stopped] = await startBundle(bundleDir, {
      ...instanceEnv,
      PORT: String(instance.port),
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await assignments()).toEqual(["soporte@example.com|1"]);
    for (const page of [agent, candidate, late]) await page.context().close();
  });
}
