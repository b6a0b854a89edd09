import { env } from "~/env";

/** The deployment's message limits, for the composer's own checks (the API enforces them anyway). */
export const chatLimits = () => ({
  maxLength: env.SUPPORT_CHAT_MAX_MESSAGE_LENGTH,
  editWindowSeconds: env.SUPPORT_CHAT_EDIT_WINDOW_SECONDS,
  attachments: { mimeTypes: env.SUPPORT_CHAT_ATTACHMENT_MIMES, maxBytes: env.SUPPORT_CHAT_ATTACHMENT_MAX_BYTES },
});
