// `pnpm db:migrate`: applies the committed migrations to DATABASE_URL or the embedded database.
import { openDatabaseFromEnv } from "./open";

const handle = await openDatabaseFromEnv();
try {
  await handle.migrate();
  console.log(`Migrations applied (${handle.kind}).`);
} finally {
  await handle.close();
}
