import { describe, expect, it } from "vitest";

import type { Viewer } from "../domain/roles";
import { RateLimitedError } from "../domain/errors";
import { useHarness } from "../../test/harness";
import { mayReadUpload, uploadUrl } from "./access";
import { consumeUploadQuota } from "./index";

const h = useHarness({ SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000" });
const viewerOf = (user: Viewer) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
});

describe("who may read an upload", () => {
  it("the uploader, staff, and a candidate whose conversation has a message pointing at it", async () => {
    const candidate = await h.actor("candidato");
    const other = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const key = "00112233445566778899aabbccddeeff";
    const meta = { uploaderId: agent.user.id };

    expect(await mayReadUpload(h.handle.db, viewerOf(agent.user as Viewer), key, meta)).toBe(true);
    const staffToo = await h.createUser("admin");
    expect(await mayReadUpload(h.handle.db, viewerOf(staffToo as Viewer), key, meta)).toBe(true);
    expect(await mayReadUpload(h.handle.db, viewerOf(candidate.user as Viewer), key, meta)).toBe(
      false,
    );

    const { id } = await candidate.caller.conversation.create({ subject: "Adjuntos" });
    await agent.caller.message.send({
      conversationId: id,
      attachment: {
        url: uploadUrl("http://localhost:3000", key),
        name: "guia.pdf",
        mimeType: "application/pdf",
        sizeBytes: 10,
      },
    });
    expect(await mayReadUpload(h.handle.db, viewerOf(candidate.user as Viewer), key, meta)).toBe(
      true,
    );
    expect(await mayReadUpload(h.handle.db, viewerOf(other.user as Viewer), key, meta)).toBe(false);
    expect(
      await mayReadUpload(h.handle.db, viewerOf(other.user as Viewer), key, {
        uploaderId: other.user.id,
      }),
    ).toBe(true);
  });
});

describe("upload quota", () => {
  it("allows the configured uploads per minute, then refuses with the wait", async () => {
    const user = await h.createUser("candidato");
    await consumeUploadQuota(h.handle.db, 2, user.id);
    await consumeUploadQuota(h.handle.db, 2, user.id);
    const error = await consumeUploadQuota(h.handle.db, 2, user.id).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).message).toMatch(/^Has subido demasiados archivos/);
  });
});
