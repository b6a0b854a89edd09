// `pnpm db:seed`: demo users and conversations. Refuses a production database unless --force.
import { openDatabaseFromEnv } from "./open";

const force = process.argv.includes("--force");
if (process.env.NODE_ENV === "production" && !force) {
  console.error("Refusing to seed demo data with NODE_ENV=production. Pass --force if you mean it.");
  process.exit(1);
}

const handle = await openDatabaseFromEnv();
try {
  await handle.migrate();
  const { seedDemoData } = await import("../src/seed");
  await seedDemoData(handle.db, { password: process.env.DEMO_PASSWORD ?? "demo1234" });
  console.log(`Seeded demo data (${handle.kind}).`);
} finally {
  await handle.close();
}
