// Builds what host sites load: public/widget.js (the loader) and public/embed/frame.{js,css} (the
// chat in its frame). Not through Next: a host page must not pay for a framework, and the frame
// renders the app's own chat components with Preact's React-compatible runtime, a tenth the size.
// `node scripts/build-embed.mjs` builds once (pnpm build); `--watch` rebuilds on change (pnpm dev).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import tailwind from "@tailwindcss/postcss";
import { context, build } from "esbuild";
import postcss from "postcss";

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(app, "public");

/** The chat's messages, in both languages, without the rest of the app's. */
const embedMessages = {
  name: "embed-messages",
  setup(plugin) {
    plugin.onResolve({ filter: /^virtual:embed-messages$/ }, () => ({ path: "embed-messages", namespace: "embed" }));
    plugin.onLoad({ filter: /.*/, namespace: "embed" }, async () => {
      const pick = async (locale) => {
        const all = JSON.parse(await readFile(path.join(app, "messages", `${locale}.json`), "utf8"));
        return { chat: all.chat, launcher: all.launcher, embed: all.embed };
      };
      const messages = { es: await pick("es"), en: await pick("en") };
      return { contents: JSON.stringify(messages), loader: "json", watchFiles: [path.join(app, "messages/es.json"), path.join(app, "messages/en.json")] };
    });
  },
};

const PREACT_FOR = {
  react: "preact/compat",
  "react-dom": "preact/compat",
  "react-dom/client": "preact/compat/client",
  "react/jsx-runtime": "preact/jsx-runtime",
  "preact/jsx-runtime": "preact/jsx-runtime",
};

/** React's imports, from anywhere in the workspace (packages/ui too), get this app's Preact. */
const reactAsPreact = {
  name: "react-as-preact",
  setup(plugin) {
    plugin.onResolve({ filter: /^(react|react-dom|react-dom\/client|react\/jsx-runtime|preact\/jsx-runtime)$/ }, (args) =>
      args.pluginData === "as-preact"
        ? undefined
        : plugin.resolve(PREACT_FOR[args.path], { resolveDir: app, kind: args.kind, pluginData: "as-preact" }),
    );
  },
};

/** esbuild options for both files; `write: false` gives the bytes to the size test instead. */
export function embedBuildOptions({ write = true } = {}) {
  const common = {
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2020"],
    legalComments: "none",
    write,
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
    tsconfig: path.join(app, "tsconfig.json"),
  };
  return {
    loader: {
      ...common,
      format: "iife",
      entryPoints: [path.join(app, "src/embed/loader/widget.ts")],
      outfile: path.join(out, "widget.js"),
    },
    frame: {
      ...common,
      entryPoints: [path.join(app, "src/embed/frame/main.tsx")],
      outfile: path.join(out, "embed/frame.js"),
      jsx: "automatic",
      jsxImportSource: "preact",
      plugins: [embedMessages, reactAsPreact],
    },
  };
}

/** The frame's stylesheet: Tailwind over the chat components and the frame itself. */
export async function buildEmbedCss() {
  const source = `@import "tailwindcss" source(none);
@source "../src/components/chat";
@source "../src/components/i18n";
@source "../src/embed";
@source "../../../packages/ui/src";
body { @apply bg-white text-slate-900 antialiased; margin: 0; }
#root { display: flex; flex-direction: column; min-height: 100dvh; }`;
  const from = path.join(app, "scripts/embed.css");
  const result = await postcss([tailwind({ optimize: { minify: true } })]).process(source, { from });
  await mkdir(path.join(out, "embed"), { recursive: true });
  await writeFile(path.join(out, "embed/frame.css"), result.css);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const options = embedBuildOptions();
  if (process.argv.includes("--watch")) {
    await watchEmbed();
  } else {
    await Promise.all([build(options.loader), build(options.frame), buildEmbedCss()]);
  }
}

/** Rebuilds on every change to the sources (pnpm dev); the stylesheet with them. */
export async function watchEmbed() {
  const options = embedBuildOptions();
  const cssOnEnd = {
    name: "embed-css",
    setup: (plugin) => plugin.onEnd(() => buildEmbedCss().catch((error) => console.error(error))),
  };
  const loader = await context(options.loader);
  const frame = await context({ ...options.frame, plugins: [...options.frame.plugins, cssOnEnd] });
  await Promise.all([loader.watch(), frame.watch()]);
}
