import { readFile } from "node:fs/promises";

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { signIn, watchRenderWarnings } from "./fixtures";

interface Spread {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}
interface Figures {
  created: number;
  resolvedOrClosed: number;
  resolutionRate: number | null;
  firstResponse: Spread & { businessMedianSeconds: number | null; businessP90Seconds: number | null };
  resolution: Spread;
  messages: { total: number; perConversation: number | null };
  csat: { count: number; average: number | null };
  openBacklog: number;
}
interface Summary extends Figures {
  csat: Figures["csat"] & { distribution: { score: number; count: number }[] };
  agents: (Figures & { supportUserId: string | null; name: string | null })[];
}
interface Timeseries {
  days: { day: string; created: number; active: number; resolved: number; ratings: number }[];
}

/** The summary's figures in the CSV's column order (see figure-columns.ts). */
const columns = (f: Figures) => [
  f.created,
  f.resolvedOrClosed,
  f.resolutionRate,
  f.firstResponse.count,
  f.firstResponse.medianSeconds,
  f.firstResponse.p90Seconds,
  f.firstResponse.businessMedianSeconds,
  f.firstResponse.businessP90Seconds,
  f.resolution.count,
  f.resolution.medianSeconds,
  f.resolution.p90Seconds,
  f.messages.total,
  f.messages.perConversation,
  f.csat.count,
  f.csat.average,
  f.openBacklog,
];
/** How a value is written in the CSV: numbers as JavaScript prints them, null as an empty field. */
const cell = (value: number | string | null) => (value === null ? "" : String(value));

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      endField();
    } else if (!quoted && c === "\n") {
      endField();
      rows.push(row);
      row = [];
    } else if (quoted || c !== "\r") {
      field += c;
    }
  }
  return rows;
}

async function downloadCsv(page: Page, name: string) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: `Descargar CSV: ${name}` }).click(),
  ]);
  const text = await readFile(await download.path(), "utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  return { fileName: download.suggestedFilename(), rows: parseCsv(text.slice(1)) };
}

/** Calls the same tRPC procedures the page uses, with the page's own session cookie. */
function fetchFigures(page: Page, input: Record<string, string>) {
  return page.evaluate(async (json) => {
    const get = async (path: string) => {
      const response = await fetch(
        `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json }))}`,
      );
      return ((await response.json()) as { result: { data: { json: unknown } } }).result.data.json;
    };
    return { summary: await get("metrics.summary"), series: await get("metrics.timeseries") };
  }, input) as Promise<{ summary: Summary; series: Timeseries }>;
}

test("staff see the demo history as charts, and every CSV matches the API", async ({ page }) => {
  const renderWarnings = watchRenderWarnings(page);
  await signIn(page, "soporte@example.com");
  await page.goto("/support/communication");
  await page
    .getByRole("navigation", { name: "Navegación del equipo de soporte" })
    .getByRole("link", { name: "Métricas" })
    .click();
  await expect(page.getByRole("heading", { name: "Métricas", level: 1 })).toBeVisible();
  // Loaded directly too, so the server renders it and the browser hydrates it.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Métricas", level: 1 })).toBeVisible();

  const input = {
    from: await page.getByLabel("Desde").inputValue(),
    to: await page.getByLabel("Hasta").inputValue(),
    timeZone: await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  };
  const { summary, series } = await fetchFigures(page, input);
  // The seeded month of history fills every figure.
  expect(series.days).toHaveLength(30);
  expect(summary.created).toBeGreaterThan(30);
  expect(summary.firstResponse.count).toBeGreaterThan(0);
  expect(summary.resolution.count).toBeGreaterThan(0);
  expect(summary.csat.count).toBeGreaterThan(0);

  // The charts are drawn with data (recharts has no roles: its SVG is found by class), and
  // their text alternatives hold the same numbers.
  const created = page.getByRole("region", { name: "Conversaciones creadas por día" });
  await expect(created.locator("svg .recharts-bar-rectangle path").first()).toBeVisible();
  await expect(
    page
      .getByRole("region", { name: "Conversaciones activas por día" })
      .locator("svg .recharts-line-curve"),
  ).toHaveCount(1);
  await expect(
    page
      .getByRole("region", { name: "Distribución de calificaciones" })
      .locator("svg .recharts-bar-rectangle path")
      .first(),
  ).toBeVisible();
  await expect(created.getByRole("table")).toContainText(
    String(Math.max(...series.days.map((d) => d.created))),
  );

  const perDay = await downloadCsv(page, "Conversaciones creadas por día");
  expect(perDay.fileName).toBe("metricas-creadas-por-dia.csv");
  expect(perDay.rows).toEqual([
    ["fecha", "conversaciones_creadas"],
    ...series.days.map((d) => [d.day, cell(d.created)]),
  ]);
  const active = await downloadCsv(page, "Conversaciones activas por día");
  expect(active.rows.slice(1)).toEqual(series.days.map((d) => [d.day, cell(d.active)]));
  const csat = await downloadCsv(page, "Distribución de calificaciones");
  expect(csat.rows.slice(1)).toEqual(
    summary.csat.distribution.map((d) => [cell(d.score), cell(d.count)]),
  );
  const totals = await downloadCsv(page, "Resumen");
  expect(totals.rows.slice(1).map((row) => row[1])).toEqual(columns(summary).map(cell));
  const agents = await downloadCsv(page, "Por agente");
  expect(agents.rows.slice(1)).toEqual(
    summary.agents.map((a) => [
      cell(a.supportUserId),
      a.name ?? "Sin asignar",
      ...columns(a).map(cell),
    ]),
  );
  expect(agents.rows.map((row) => row[1])).toEqual(
    expect.arrayContaining(["Ana Soporte", "Bruno Soporte"]),
  );

  // One agent: the table narrows to them and the figures follow the API's.
  await page.getByLabel("Agente", { exact: true }).selectOption({ label: "Bruno Soporte" });
  const table = page.getByRole("region", { name: "Por agente" }).getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("rowheader")).toHaveText(["Bruno Soporte"]);
  const bruno = summary.agents.find((a) => a.name === "Bruno Soporte");
  const narrowed = await fetchFigures(page, {
    ...input,
    supportUserId: bruno?.supportUserId ?? "",
  });
  expect(columns(narrowed.summary)).toEqual(columns(bruno as Figures));

  const scan = await new AxeBuilder({ page }).analyze();
  const serious = scan.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
  await page.getByLabel("Agente", { exact: true }).selectOption({ label: "Todo el equipo" });
  await expect(table.getByRole("row")).not.toHaveCount(2);
  // The console scrolls inside <main>, so a tall window shows the whole dashboard at once.
  await page.setViewportSize({ width: 1280, height: 1800 });
  await page.getByRole("heading", { name: "Métricas", level: 1 }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/metrics-desktop.png" });
  expect(renderWarnings).toEqual([]);
});

test("days are counted in the browser's time zone, and the page hydrates without a mismatch", async ({
  browser,
}) => {
  // Not the server's zone, nor the team's default: the page learns it from the browser.
  const page = await (await browser.newContext({ timezoneId: "Asia/Tokyo" })).newPage();
  const renderWarnings = watchRenderWarnings(page);
  await signIn(page, "soporte@example.com");
  await page.goto("/support/metrics");
  const intro = page.getByText(/Los días se cuentan en la zona horaria/);
  await expect(intro).toContainText("Asia/Tokyo");
  const today = await page.evaluate(() =>
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date()),
  );
  await expect(page.getByLabel("Hasta")).toHaveValue(today);
  // From now on the server renders the page in that zone from the start.
  await expect
    .poll(async () => (await page.request.get("/support/metrics")).text())
    .toContain("Asia/Tokyo");
  await page.reload();
  await expect(intro).toContainText("Asia/Tokyo");
  await expect(page.getByRole("region", { name: "Conversaciones creadas por día" })).toBeVisible();
  expect(renderWarnings).toEqual([]);
  await page.context().close();
});

test("a bad range is refused with a message and a candidate never sees the page", async ({
  page,
  browser,
}) => {
  await signIn(page, "soporte@example.com");
  await page.goto("/support/metrics");
  await page.getByLabel("Desde").fill("2030-01-02");
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "La fecha inicial debe ser anterior o igual a la final",
  );
  const refused = await page.evaluate(async () => {
    const input = encodeURIComponent(
      JSON.stringify({ json: { from: "2025-03-12", to: "2025-03-10" } }),
    );
    return (await fetch(`/api/trpc/metrics.summary?input=${input}`)).status;
  });
  expect(refused).toBe(400);

  const candidate = await (await browser.newContext()).newPage();
  await signIn(candidate, "candidato@example.com");
  await candidate.goto("/support/metrics");
  await expect(candidate.getByRole("heading", { name: "Sin acceso" })).toBeVisible();
  const status = await candidate.evaluate(async () => {
    const input = encodeURIComponent(
      JSON.stringify({ json: { from: "2025-03-01", to: "2025-03-31" } }),
    );
    return (await fetch(`/api/trpc/metrics.summary?input=${input}`)).status;
  });
  expect(status).toBe(403);
});
