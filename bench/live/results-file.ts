import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** A benchmark's own section of RESULTS.md: its intro ends with the marker its runs follow. */
export interface ResultsSection {
  marker: string;
  intro: string;
}

/**
 * Puts a run at the top of its section of RESULTS.md (the section is added at the end of the file
 * the first time), leaving everything else, other benchmarks' runs included, as it was.
 */
export function recordInSection(file: string, { marker, intro }: ResultsSection, run: string) {
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const at = current.indexOf(marker);
  if (at < 0) {
    writeFileSync(file, `${current.trimEnd()}\n\n${intro}\n${run}`);
    return;
  }
  const head = current.slice(0, at + marker.length);
  const rest = current.slice(at + marker.length).trimStart();
  writeFileSync(file, `${head}\n\n${run}${rest ? `\n${rest}` : ""}`);
}
