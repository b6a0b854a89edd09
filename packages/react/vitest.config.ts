import { defineConfig } from "vitest/config";

import { sharedTestConfig } from "../../vitest.shared.ts";

export default defineConfig({
  test: {
    ...sharedTestConfig(import.meta.dirname),
    environment: "happy-dom",
    // The widget's test loads and runs a real script from its own local server, as a browser would
    // (our own test code: happy-dom's warning about running untrusted scripts does not apply).
    environmentOptions: {
      happyDOM: {
        settings: {
          enableJavaScriptEvaluation: true,
          suppressInsecureJavaScriptEnvironmentWarning: true,
        },
      },
    },
  },
});
