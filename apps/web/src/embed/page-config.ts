import type { AttachmentLimits } from "~/components/chat/upload-file";

/** The id of the JSON the /embed page carries for its script. */
export const EMBED_CONFIG_ID = "atiende-embed-config";

/** What the server tells the embedded chat about its host and its limits. */
export interface EmbedPageConfig {
  /** The host page's origin, already checked against ATIENDE_EMBED_ORIGINS. */
  hostOrigin: string;
  locale: "es" | "en";
  maxLength: number;
  attachments: AttachmentLimits;
  /** How long one's own message can still be corrected. */
  editWindowSeconds: number;
}
