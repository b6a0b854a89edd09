/**
 * `virtual:messages?chat,launcher`: those namespaces of messages/{es,en}.json, both languages,
 * picked at build time by scripts/build-embed.mjs so a page carries only the texts it shows.
 */
declare module "virtual:messages?*" {
  import type { AbstractIntlMessages } from "use-intl";

  const messages: Record<"es" | "en", AbstractIntlMessages>;
  export default messages;
}
