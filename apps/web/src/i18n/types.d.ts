import type { Messages } from "./locale";

declare module "use-intl" {
  interface AppConfig {
    Messages: Messages;
  }
}
