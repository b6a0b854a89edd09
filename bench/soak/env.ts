/** What the soak reads from the environment: the repo allows `process.env` only in env.ts files. */

import { assertLocal, wholeNumber } from "../cli";

export interface SoakOptions {
  /** Length of the loaded part of the run (fractions allowed, for a quick try). */
  minutes: number;
  /** Candidate + agent pairs, each with one conversation. */
  pairs: number;
  /** Mean pause between one user's actions. */
  paceMs: number;
  /** Seconds between two memory samples of the server. */
  sampleSeconds: number;
  databaseUrl: string;
}

export function readSoakOptions(): SoakOptions {
  const minutes = Number(process.env.SOAK_MINUTES ?? 15);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
    throw new Error(
      `SOAK_MINUTES must be a number of minutes above 0, not "${process.env.SOAK_MINUTES}"`,
    );
  }
  const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  assertLocal(databaseUrl);
  return {
    minutes,
    pairs: wholeNumber(process.env.SOAK_PAIRS, 20, 500, "SOAK_PAIRS"),
    paceMs: wholeNumber(process.env.SOAK_PACE_MS, 1500, 60_000, "SOAK_PACE_MS"),
    // Short runs sample more often, so that each third still has a few samples.
    sampleSeconds: wholeNumber(
      process.env.SOAK_SAMPLE_SECONDS,
      minutes >= 5 ? 10 : 2,
      600,
      "SOAK_SAMPLE_SECONDS",
    ),
    databaseUrl,
  };
}
