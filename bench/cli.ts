/** Command-line checks shared by the benchmarks. */

export function wholeNumber(raw: string | undefined, fallback: number, max: number, name: string): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max}, not "${raw}"`);
  }
  return value;
}

/** The benchmarks create and drop databases: they only ever talk to this machine. */
export function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1" && host !== "localhost") {
    throw new Error(`The benchmark only talks to 127.0.0.1, not ${host}`);
  }
}
