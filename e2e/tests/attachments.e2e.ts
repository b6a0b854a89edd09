import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures";

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

test("a candidate attaches an image and a PDF from the composer; a file that lies about its type is refused", async ({
  page,
  request,
}) => {
  await signIn(page, "candidato2@example.com");
  await page.goto("/chat-soporte");
  const subject = `Adjuntos ${Date.now()}`;
  await page.getByLabel("Asunto").fill(subject);
  await page.getByRole("button", { name: "Empezar" }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();

  // A real PNG, drawn by the browser itself.
  const png = Buffer.from(
    await page.evaluate(() => {
      const canvas = document.createElement("canvas");
      canvas.width = 160;
      canvas.height = 90;
      const context = canvas.getContext("2d");
      if (context) {
        context.fillStyle = "#4338ca";
        context.fillRect(0, 0, 160, 90);
        context.fillStyle = "#fbbf24";
        context.fillRect(20, 20, 60, 50);
      }
      return canvas.toDataURL("image/png").split(",")[1] ?? "";
    }),
    "base64",
  );

  const attach = page.getByRole("button", { name: "Adjuntar archivo" });
  const messages = page.getByRole("list", { name: "Mensajes de la conversación" });

  // The image, with text, by mouse.
  let chooser = page.waitForEvent("filechooser");
  await attach.click();
  await (await chooser).setFiles({ name: "captura error.png", mimeType: "image/png", buffer: png });
  await expect(page.getByRole("button", { name: "Quitar el adjunto captura error.png" })).toBeVisible();
  await page.getByLabel("Escribe tu mensaje").fill("Mira el error");
  await page.getByRole("button", { name: "Enviar" }).click();
  const thumbnail = messages.getByRole("img", { name: "Imagen adjunta: captura error.png" });
  await expect(thumbnail).toBeVisible();
  await expect(messages.getByText("Mira el error")).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
  const imageLink = messages.getByRole("link", { name: /captura error\.png/ });
  await expect(imageLink).toHaveAttribute("target", "_blank");
  await expect(imageLink).toHaveAttribute("rel", "noopener noreferrer");

  // The PDF alone, by keyboard.
  chooser = page.waitForEvent("filechooser");
  await attach.focus();
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "cv-ana.pdf", mimeType: "application/pdf", buffer: PDF });
  await expect(page.getByRole("button", { name: "Quitar el adjunto cv-ana.pdf" })).toBeVisible();
  await page.getByRole("button", { name: "Enviar" }).click();
  const chip = messages.getByRole("link", { name: /cv-ana\.pdf/ });
  await expect(chip).toBeVisible();
  await expect(chip).toContainText(`${PDF.byteLength} B`);
  await expect(chip).toHaveAttribute("rel", "noopener noreferrer");

  // Served back with the right headers: images inline, everything else as a download, never sniffed.
  const pdfUrl = (await chip.getAttribute("href")) ?? "";
  expect(pdfUrl).toMatch(/^http:\/\/localhost:\d+\/api\/uploads\/[0-9a-f]{32}$/);
  const pdf = await page.request.get(pdfUrl);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect(pdf.headers()["content-disposition"]).toMatch(/^attachment; filename="cv-ana\.pdf"/);
  expect(pdf.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.from(await pdf.body())).toEqual(PDF);
  const image = await page.request.get((await imageLink.getAttribute("href")) ?? "");
  expect(image.headers()["content-type"]).toBe("image/png");
  expect(image.headers()["content-disposition"]).toMatch(/^inline; /);
  expect(image.headers()["x-content-type-options"]).toBe("nosniff");

  // Nobody signed in gets a clear 401, not the file.
  const anonymous = await request.get(pdfUrl);
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ success: false, message: "Token inválido o expirado" });

  // A "PNG" that is really HTML: an error, and nothing is sent.
  const before = await messages.getByRole("listitem").count();
  chooser = page.waitForEvent("filechooser");
  await attach.click();
  await (await chooser).setFiles({
    name: "foto.png",
    mimeType: "image/png",
    buffer: Buffer.from("<html><script>alert(1)</script></html>"),
  });
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "Ese tipo de archivo no está permitido, o su contenido no corresponde a su tipo." }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Enviar" })).toBeDisabled();
  await expect(messages.getByRole("listitem")).toHaveCount(before);
  const refused = await page.request.post("/api/uploads", {
    multipart: { file: { name: "foto.png", mimeType: "image/png", buffer: Buffer.from("hola") } },
  });
  expect(refused.status()).toBe(415);
  expect(await refused.json()).toEqual({
    success: false,
    message: "El contenido del archivo no corresponde al tipo image/png",
  });
  const scan = await new AxeBuilder({ page }).analyze();
  const serious = scan.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.screenshot({ path: "test-results/attachments-desktop.png" });

  await page.setViewportSize({ width: 375, height: 740 });
  await expect(thumbnail).toBeVisible();
  await expect(attach).toBeVisible();
  await page.screenshot({ path: "test-results/attachments-375.png" });
});
