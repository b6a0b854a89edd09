import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PDF_MINIMAL, PNG_1PX } from "../../test/files";
import { createLocalStorage } from "./local-storage";
import { contentDisposition, isUploadKey } from "./storage";
import { checkUpload, sanitizeFileName, storeUpload, UploadError } from "./upload";

const limits = {
  attachmentMimeTypes: [
    "image/png",
    "image/jpeg",
    "application/pdf",
    "text/plain",
    "application/msword",
  ],
  attachmentMaxBytes: 1024,
};

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UploadError);
  return error as UploadError;
};

describe("checkUpload", () => {
  it("accepts a real PNG, PDF and text file as declared", async () => {
    await expect(
      checkUpload(limits, { bytes: PNG_1PX, declaredType: "image/png", name: "foto.png" }),
    ).resolves.toEqual({
      name: "foto.png",
      mimeType: "image/png",
      sizeBytes: PNG_1PX.byteLength,
    });
    await expect(
      checkUpload(limits, { bytes: PDF_MINIMAL, declaredType: "Application/PDF", name: "cv.pdf" }),
    ).resolves.toMatchObject({ mimeType: "application/pdf" });
    await expect(
      checkUpload(limits, {
        bytes: Buffer.from("hola, ¿qué tal?"),
        declaredType: "text/plain; charset=utf-8",
        name: "nota.txt",
      }),
    ).resolves.toMatchObject({ mimeType: "text/plain" });
  });

  it("refuses a .png whose content is really HTML or text", async () => {
    const html = Buffer.from("<html><script>alert(1)</script></html>");
    const error = await refusal(
      checkUpload(limits, { bytes: html, declaredType: "image/png", name: "foto.png" }),
    );
    expect(error.status).toBe(415);
    expect(error.message).toBe("El contenido del archivo no corresponde al tipo image/png");
  });

  it("refuses a PDF declared as a JPEG, and a PNG declared as text", async () => {
    expect(
      (
        await refusal(
          checkUpload(limits, { bytes: PDF_MINIMAL, declaredType: "image/jpeg", name: "a.jpg" }),
        )
      ).status,
    ).toBe(415);
    expect(
      (
        await refusal(
          checkUpload(limits, { bytes: PNG_1PX, declaredType: "text/plain", name: "a.txt" }),
        )
      ).status,
    ).toBe(415);
    expect(
      (
        await refusal(
          checkUpload(limits, {
            bytes: PDF_MINIMAL,
            declaredType: "application/msword",
            name: "a.doc",
          }),
        )
      ).status,
    ).toBe(415);
  });

  it("refuses a type outside the deployment's list, even when the content matches", async () => {
    const gif = Buffer.from(
      "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==",
      "base64",
    );
    const error = await refusal(
      checkUpload(limits, { bytes: gif, declaredType: "image/gif", name: "a.gif" }),
    );
    expect(error.status).toBe(415);
    expect(error.message).toBe("El tipo de archivo image/gif no está permitido");
    expect(
      (await refusal(checkUpload(limits, { bytes: PNG_1PX, declaredType: "", name: "a" }))).message,
    ).toContain("desconocido");
  });

  it("refuses files over the limit and empty ones", async () => {
    const big = Buffer.concat([PNG_1PX, Buffer.alloc(2048)]);
    const tooBig = await refusal(
      checkUpload(limits, { bytes: big, declaredType: "image/png", name: "big.png" }),
    );
    expect(tooBig.status).toBe(413);
    expect(
      (
        await refusal(
          checkUpload(limits, {
            bytes: Buffer.alloc(0),
            declaredType: "text/plain",
            name: "a.txt",
          }),
        )
      ).status,
    ).toBe(400);
  });
});

describe("sanitizeFileName", () => {
  it("keeps a plain name and drops folders, controls and direction overrides", () => {
    expect(sanitizeFileName("Currículum Ana.pdf")).toBe("Currículum Ana.pdf");
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("C:\\Users\\ana\\cv.pdf")).toBe("cv.pdf");
    expect(sanitizeFileName("cv\u202Efdp.exe")).toBe("cvfdp.exe");
    expect(sanitizeFileName("a\nb\u0000.txt")).toBe("ab.txt");
    expect(sanitizeFileName("...")).toBe("archivo");
  });

  it("shortens long names to 255 characters, keeping the extension", () => {
    const name = sanitizeFileName(`${"ñ".repeat(400)}.pdf`);
    expect([...name]).toHaveLength(255);
    expect(name.endsWith(".pdf")).toBe(true);
  });
});

describe("local storage", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "atiende-uploads-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("stores a checked file under a random key and serves it back with its metadata", async () => {
    const storage = createLocalStorage(dir);
    const { key, meta } = await storeUpload(storage, limits, "user-1", {
      bytes: PNG_1PX,
      declaredType: "image/png",
      name: "foto.png",
    });
    expect(isUploadKey(key)).toBe(true);
    expect(meta).toMatchObject({
      name: "foto.png",
      mimeType: "image/png",
      sizeBytes: PNG_1PX.byteLength,
      uploaderId: "user-1",
    });
    expect(await readFile(path.join(dir, key))).toEqual(PNG_1PX);
    expect(await storage.head(key)).toEqual(meta);
    const served = await storage.get(key);
    expect(served?.meta).toEqual(meta);
    expect(await storage.url(key, meta)).toBeNull();
  });

  it("keeps nothing of a refused file, and knows no unknown or malformed key", async () => {
    const storage = createLocalStorage(dir);
    const before = await readdir(dir);
    await refusal(
      storeUpload(storage, limits, "user-1", {
        bytes: Buffer.from("<html>"),
        declaredType: "image/png",
        name: "x.png",
      }),
    );
    expect(await readdir(dir)).toEqual(before);
    expect(await storage.head("0".repeat(32))).toBeNull();
    expect(await storage.head("../../etc/passwd")).toBeNull();
    expect(await storage.get("../secret")).toBeNull();
  });

  it("reads back text exactly", async () => {
    const storage = createLocalStorage(dir);
    const { key } = await storeUpload(storage, limits, "u", {
      bytes: Buffer.from("línea 1\n"),
      declaredType: "text/plain",
      name: "n.txt",
    });
    const served = await storage.get(key);
    expect(served && (await text(served.body))).toBe("línea 1\n");
  });
});

describe("contentDisposition", () => {
  it("shows images inline and makes everything else a download, whatever the name", () => {
    expect(contentDisposition({ name: "foto.png", mimeType: "image/png" })).toBe(
      `inline; filename="foto.png"; filename*=UTF-8''foto.png`,
    );
    expect(contentDisposition({ name: 'cv "final".pdf', mimeType: "application/pdf" })).toBe(
      `attachment; filename="cv _final_.pdf"; filename*=UTF-8''cv%20%22final%22.pdf`,
    );
    expect(contentDisposition({ name: "año.txt", mimeType: "text/plain" })).toMatch(
      /^attachment; filename="a_o.txt"; filename\*=UTF-8''a%C3%B1o.txt$/,
    );
  });
});
