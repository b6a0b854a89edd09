import { describe, expect, it } from "vitest";

import { readApiEnv } from "../env";
import { storageFromEnv } from "./index";
import { createS3Storage } from "./s3-storage";

const meta = {
  name: "cv final.pdf",
  mimeType: "application/pdf",
  sizeBytes: 10,
  uploaderId: "u",
  createdAt: "",
};
const key = "0123456789abcdef0123456789abcdef";

describe("S3 storage", () => {
  it("presigns a GET on the configured endpoint and bucket that fixes type and disposition (no network)", async () => {
    const storage = createS3Storage({
      bucket: "atiende-test",
      region: "eu-west-1",
      endpoint: "http://minio.local:9000",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-example" },
      urlTtlSeconds: 120,
    });
    const url = new URL((await storage.url(key, meta)) ?? "");
    expect(url.origin).toBe("http://minio.local:9000");
    expect(url.pathname).toBe(`/atiende-test/uploads/${key}`);
    expect(url.searchParams.get("X-Amz-Expires")).toBe("120");
    expect(url.searchParams.get("X-Amz-Credential")).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request$/,
    );
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get("response-content-type")).toBe("application/pdf");
    expect(url.searchParams.get("response-content-disposition")).toMatch(/^attachment; /);
  });

  it("is chosen by UPLOADS_S3_BUCKET, and half a key pair is refused", async () => {
    const env = (extra: Record<string, string>) => readApiEnv({ NODE_ENV: "test", ...extra });
    expect(storageFromEnv(env({}), "/tmp/x").kind).toBe("local");
    const s3 = storageFromEnv(
      env({
        UPLOADS_S3_BUCKET: "b",
        UPLOADS_S3_ENDPOINT: "https://s3.example.test",
        UPLOADS_S3_ACCESS_KEY_ID: "id",
        UPLOADS_S3_SECRET_ACCESS_KEY: "secret",
      }),
      "/tmp/x",
    );
    expect(s3.kind).toBe("s3");
    expect(await s3.url(key, meta)).toMatch(/^https:\/\/s3\.example\.test\/b\/uploads\/0123/);
    expect(() =>
      storageFromEnv(env({ UPLOADS_S3_BUCKET: "b", UPLOADS_S3_ACCESS_KEY_ID: "id" }), "/tmp/x"),
    ).toThrow(/UPLOADS_S3_SECRET_ACCESS_KEY/);
  });
});
