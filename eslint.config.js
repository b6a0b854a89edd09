// One flat config for the whole repo: type-aware rules, and no `process.env` outside the env modules.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** A bare form submits natively before hydration (a GET with every field in the URL). */
const bareForm = {
  selector: "JSXOpeningElement[name.name='form']:not(:has(JSXAttribute[name.name='method'][value.value='dialog']))",
  message: "Use Form and SubmitButton from ~/components/forms/form.",
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/dist/**",
      "bench/live/.bundles/**",
      "**/drizzle/**",
      "**/test-results/**",
      "**/playwright-report/**",
      "**/next-env.d.ts",
      "**/*.config.{js,mjs,cjs}",
      "**/scripts/*.mjs",
      "apps/web/public/**",
      "examples/host-site/*.mjs",
      "eslint.config.js",
      ".ci/**",
      // A host's project, type-checked and run outside the workspace by its own test.
      "packages/client/test/host-app/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { prefer: "type-imports", fixStyle: "separate-type-imports" },
      ],
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      "no-restricted-syntax": ["error", bareForm],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration through the package's env module (env.ts).",
        },
      ],
    },
  },
  {
    files: ["apps/web/src/app/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        bareForm,
        {
          // The import rules (.dependency-cruiser.cjs) hold browser code to the contract by folder.
          selector: "Program > ExpressionStatement[directive='use client']",
          message: "app/ holds routes (server code): put client components in components/.",
        },
      ],
    },
  },
  {
    files: ["apps/web/src/components/forms/form.tsx"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["**/env.ts", "**/*-env.ts", "**/examples/**", "**/*.test.ts", "**/test/**", "**/scripts/**", "e2e/**", "**/*.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
