import { spawn } from "node:child_process";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";

test("the typed client's README example signs in, opens a conversation and prints a live reply", async ({ request, baseURL }) => {
  const script = spawn("pnpm", ["exec", "tsx", "examples/hello.ts"], {
    cwd: path.resolve(import.meta.dirname, "../../packages/client"),
    env: { ...process.env, ATIENDE_URL: baseURL },
  });
  let output = "";
  script.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  script.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => script.on("exit", resolve));
  try {
    await expect.poll(() => output, { timeout: 30_000 }).toMatch(/conversation [0-9a-f-]{36}/);
    const conversationId = /conversation ([0-9a-f-]{36})/.exec(output)?.[1] ?? "";

    const agent = await restAs(request, "soporte@example.com");
    await expect.poll(async () => {
      const sent = await agent.post(`/api/support/chat/conversations/${conversationId}/messages`, { content: "Hola, te ayudo" });
      return sent.status;
    }).toBe(201);

    expect(await exited, output).toBe(0);
    expect(output).toContain("Ana Soporte: Hola, te ayudo");
  } finally {
    script.kill();
  }
});
