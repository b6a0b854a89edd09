/** The chat's messages in both languages, picked from messages/*.json by scripts/build-embed.mjs. */
declare module "virtual:embed-messages" {
  import type { AbstractIntlMessages } from "use-intl";

  const messages: Record<"es" | "en", AbstractIntlMessages>;
  export default messages;
}
