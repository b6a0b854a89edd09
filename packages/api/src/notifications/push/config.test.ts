import webPush from "web-push";
import { describe, expect, it } from "vitest";

import { configFromEnv } from "../../config";
import { readApiEnv } from "../../env";

const pushConfig = (env: Record<string, string>) => configFromEnv(readApiEnv({ NODE_ENV: "test", ...env })).notifications.push;

describe("Web Push configuration", () => {
  it("takes both keys or neither, and refuses a malformed one", () => {
    const keys = webPush.generateVAPIDKeys();
    expect(pushConfig({ WEB_PUSH_PUBLIC_KEY: keys.publicKey, WEB_PUSH_PRIVATE_KEY: keys.privateKey }).keys).toEqual(keys);
    expect(pushConfig({}).keys).toBeNull();
    expect(() => pushConfig({ WEB_PUSH_PUBLIC_KEY: keys.publicKey })).toThrow(/WEB_PUSH_PUBLIC_KEY and WEB_PUSH_PRIVATE_KEY/);
    expect(() => pushConfig({ WEB_PUSH_PUBLIC_KEY: "short", WEB_PUSH_PRIVATE_KEY: keys.privateKey })).toThrow();
  });

  it("signs as the app's https address, else its postmaster; an http subject is refused", () => {
    expect(pushConfig({ NEXTAUTH_URL: "https://chat.example/app" }).subject).toBe("https://chat.example");
    expect(pushConfig({ NEXTAUTH_URL: "http://localhost:3000" }).subject).toBe("mailto:postmaster@localhost");
    expect(pushConfig({ WEB_PUSH_SUBJECT: "mailto:ops@example.com" }).subject).toBe("mailto:ops@example.com");
    expect(() => pushConfig({ WEB_PUSH_SUBJECT: "http://example.com" })).toThrow();
  });
});
