/** The chat's messages in both languages, picked from messages/*.json by scripts/build-embed.mjs. */
declare module "virtual:embed-messages" {
  import type es from "../../../messages/es.json";

  type Messages = Pick<typeof es, "chat" | "launcher" | "embed">;
  const messages: Record<"es" | "en", Messages>;
  export default messages;
}
