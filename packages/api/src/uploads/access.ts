import type { Executor } from "@atiende/db";
import { and, eq, isNull, like, supportConversations, supportMessages } from "@atiende/db";

import type { Viewer } from "../domain/roles";
import { isStaff } from "../domain/roles";
import type { UploadMeta } from "./storage";

/** Where the app serves uploads; message attachments point at `<origin>/api/uploads/<key>`. */
export const UPLOADS_PATH = "/api/uploads";

export const uploadUrl = (origin: string, key: string) => `${origin}${UPLOADS_PATH}/${key}`;

/**
 * Who may read an upload: whoever uploaded it, support staff (they see every conversation), and a
 * candidate whose own conversation has a message pointing at it (what support sent them).
 */
export async function mayReadUpload(
  db: Executor,
  viewer: Viewer,
  key: string,
  meta: Pick<UploadMeta, "uploaderId">,
): Promise<boolean> {
  if (isStaff(viewer) || meta.uploaderId === viewer.id) return true;
  // Keys are hex, so the pattern has no wildcard but the leading one.
  const [found] = await db
    .select({ id: supportMessages.id })
    .from(supportMessages)
    .innerJoin(supportConversations, eq(supportConversations.id, supportMessages.conversationId))
    .where(
      and(
        eq(supportConversations.candidateUserId, viewer.id),
        isNull(supportConversations.deletedAt),
        like(supportMessages.attachmentUrl, `%${UPLOADS_PATH}/${key}`),
      ),
    )
    .limit(1);
  return Boolean(found);
}
