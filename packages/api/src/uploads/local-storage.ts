import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import type { UploadMeta, UploadStorage } from "./storage";
import { isUploadKey } from "./storage";

/**
 * Files on the app's own disk, served back by the app: `<dir>/<key>` and `<dir>/<key>.json` for
 * the metadata. The metadata is written last, so a half-written file is never found.
 */
export function createLocalStorage(dir: string): UploadStorage {
  const fileOf = (key: string) => {
    // Keys are random hex; anything else never reaches the file system.
    if (!isUploadKey(key)) throw new Error(`invalid upload key: ${key}`);
    return path.join(dir, key);
  };
  const head = async (key: string): Promise<UploadMeta | null> => {
    if (!isUploadKey(key)) return null;
    try {
      return JSON.parse(await readFile(`${fileOf(key)}.json`, "utf8")) as UploadMeta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  };
  return {
    kind: "local",
    async put(key, bytes, meta) {
      const file = fileOf(key);
      await mkdir(dir, { recursive: true });
      try {
        await writeFile(`${file}.part`, bytes, { flag: "wx" });
        await rename(`${file}.part`, file);
        await writeFile(`${file}.json`, JSON.stringify(meta), { flag: "wx" });
      } catch (error) {
        await rm(`${file}.part`, { force: true });
        throw error;
      }
    },
    head,
    async get(key) {
      const meta = await head(key);
      return meta ? { meta, body: createReadStream(fileOf(key)) } : null;
    },
    url: () => Promise.resolve(null),
  };
}
