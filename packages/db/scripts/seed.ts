// `pnpm db:seed`: demo users and conversations. Refuses a production database unless --force.
// `pnpm db:seed --conversations 100000 --messages 1000000` adds that volume on top, for benchmarks.
import { openDatabaseFromEnv } from "./open";

const force = process.argv.includes("--force");
if (process.env.NODE_ENV === "production" && !force) {
  console.error(
    "Refusing to seed demo data with NODE_ENV=production. Pass --force if you mean it.",
  );
  process.exit(1);
}

/** `--name value` or `--name=value` as a whole number; undefined when absent. */
function intFlag(name: string): number | undefined {
  const args = process.argv.slice(2);
  const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at < 0) return undefined;
  const raw = args[at]?.includes("=") ? args[at]?.split("=")[1] : args[at + 1];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} needs a whole number, not "${raw}"`);
    process.exit(1);
  }
  return value;
}

const conversations = intFlag("conversations");
const messages = intFlag("messages");
if ((conversations === undefined) !== (messages === undefined)) {
  console.error("The volume mode needs both --conversations and --messages.");
  process.exit(1);
}

const handle = await openDatabaseFromEnv();
try {
  await handle.migrate();
  const password = process.env.DEMO_PASSWORD ?? "demo1234";
  const { seedDemoData } = await import("../src/seed");
  await seedDemoData(handle.db, { password });
  console.log(`Seeded demo data (${handle.kind}).`);
  if (conversations !== undefined && messages !== undefined) {
    const { seedVolumeData } = await import("../src/seed-volume");
    const { hashPassword } = await import("../src/password");
    const started = Date.now();
    await seedVolumeData(handle.db, {
      conversations,
      messages,
      longConversationMessages: intFlag("long-messages"),
      candidates: intFlag("candidates"),
      agents: intFlag("agents"),
      agentPasswordHash: await hashPassword(password),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Seeded ${conversations} conversations and ${messages} messages in ${seconds} s (agente-N@volumen.example).`,
    );
  }
} finally {
  await handle.close();
}
