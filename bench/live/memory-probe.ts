/**
 * Loaded into every server the benchmark measures (`node --import`, see server-process.ts): four
 * times a second it writes the process's RSS and the bytes its young generation holds, read in the
 * same instant, to the file the benchmark named. The young generation is a nursery of fixed size
 * (`pnpm start`'s 64 MB semi-spaces), not anything a socket keeps, and an idle V8's memory reducer
 * gives its pages back and takes them again on its own schedule: RSS alone moved by up to 128 MB
 * between two resting readings. RSS less that nursery is what the sockets are measured by.
 *
 * It also counts full collections. The reducer's first one, some 8–16 s after the server goes
 * quiet, moves pages between the nursery and the rest of the heap (tens of MB, RSS unchanged), so a
 * reading from before it and one from after it do not compare: the benchmark reads after it.
 */
import { writeFileSync } from "node:fs";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";

import { memoryProbeFile } from "./env";

const YOUNG_SPACES = new Set(["new_space", "new_large_object_space"]);

const file = memoryProbeFile();
if (file) {
  let majorGcs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs += 1;
    }
  }).observe({ entryTypes: ["gc"] });
  setInterval(() => {
    let young = 0;
    for (const space of getHeapSpaceStatistics()) if (YOUNG_SPACES.has(space.space_name)) young += space.physical_space_size;
    writeFileSync(file, JSON.stringify({ rss: process.memoryUsage.rss(), young, majorGcs }));
  }, 250).unref();
}
