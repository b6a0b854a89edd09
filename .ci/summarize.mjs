// Adds up the JSON reports of every suite and prints the one closing line CI is judged by.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const [dir, checksPassed, checksFailed, suitesFailed] = process.argv.slice(2);
let passed = Number(checksPassed);
let failed = Number(checksFailed);

for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) {
  const report = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  let p = 0;
  let f = 0;
  if (file.startsWith("vitest-")) {
    p = report.numPassedTests;
    f = report.numFailedTests || (report.success ? 0 : 1);
  } else {
    p = report.stats.expected + report.stats.flaky;
    f = report.stats.unexpected + (report.errors?.length ?? 0);
  }
  console.log(`${file}: ${p} passed, ${f} failed`);
  passed += p;
  failed += f;
}

// A suite that crashed before writing its report still fails the run.
if (Number(suitesFailed) && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
