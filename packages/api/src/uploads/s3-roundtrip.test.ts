import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { readApiEnv } from "../env";
import { PDF_MINIMAL } from "../../test/files";
import { storageFromEnv } from "./index";
import { newUploadKey } from "./storage";
import { storeUpload } from "./upload";

const limits = { attachmentMimeTypes: ["image/png", "application/pdf"], attachmentMaxBytes: 1024 };

/**
 * The S3 path as an operator configures it (UPLOADS_S3_*), against a real S3-compatible server
 * (s3rver, started here): upload, read the metadata back, download through the
 * presigned URL the app redirects to.
 */
describe("uploads in an S3-compatible bucket", () => {
  let server: S3rver;
  let directory = "";
  let endpoint = "";

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "atiende-s3-"));
    server = new S3rver({
      address: "127.0.0.1",
      port: 0,
      directory,
      silent: true,
      configureBuckets: [{ name: "atiende", configs: [] }],
    });
    const address = (await server.run());
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  const storage = () =>
    storageFromEnv(
      readApiEnv({
        NODE_ENV: "test",
        UPLOADS_S3_BUCKET: "atiende",
        UPLOADS_S3_ENDPOINT: endpoint,
        // s3rver's own fixed key pair.
        UPLOADS_S3_ACCESS_KEY_ID: "S3RVER",
        UPLOADS_S3_SECRET_ACCESS_KEY: "S3RVER",
        UPLOADS_S3_URL_TTL_SECONDS: "60",
      }),
      path.join(directory, "unused-local"),
    );

  it("stores an upload and serves it back, byte for byte, with its type and file name", async () => {
    const s3 = storage();
    expect(s3.kind).toBe("s3");
    const { key, meta } = await storeUpload(s3, limits, "user-1", {
      bytes: PDF_MINIMAL,
      declaredType: "application/pdf",
      name: "mi cv (final).pdf",
    });

    expect(await s3.head(key)).toEqual(meta);
    const url = await s3.url(key, meta);
    expect(url?.startsWith(`${endpoint}/atiende/uploads/${key}?`)).toBe(true);
    const download = await fetch(url ?? "");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toMatch(
      /^attachment; .*mi cv \(final\)\.pdf/,
    );
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF_MINIMAL);
  });

  it("answers no such file for a key it never stored", async () => {
    const s3 = storage();
    const missing = newUploadKey();
    expect(await s3.head(missing)).toBeNull();
    const meta = {
      name: "x.png",
      mimeType: "image/png",
      sizeBytes: 1,
      uploaderId: "u",
      createdAt: "",
    };
    expect((await fetch((await s3.url(missing, meta)) ?? "")).status).toBe(404);
  });
});
