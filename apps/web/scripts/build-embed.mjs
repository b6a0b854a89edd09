// Builds what is served without Next: what host sites load, public/widget.js (the loader) and
// public/embed/frame.{js,css} (the chat in its frame), the candidate's own page,
// public/chat/chat-soporte.{js,css} (src/plain-pages/), and the service worker, public/sw.js. A host page must not pay for a framework,
// nor a candidate's phone: these render the app's own chat components with Preact's
// React-compatible runtime, a tenth the size.
// `node scripts/build-embed.mjs` builds once (pnpm build); `--watch` rebuilds on change (pnpm dev).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import tailwind from "@tailwindcss/postcss";
import { context, build } from "esbuild";
import postcss from "postcss";

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(app, "public");

/** `virtual:messages?chat,launcher`: those namespaces, in both languages, without the rest of the app's. */
const pickedMessages = {
  name: "picked-messages",
  setup(plugin) {
    plugin.onResolve({ filter: /^virtual:messages\?/ }, (args) => ({ path: args.path, namespace: "messages" }));
    plugin.onLoad({ filter: /.*/, namespace: "messages" }, async (args) => {
      const namespaces = args.path.slice(args.path.indexOf("?") + 1).split(",");
      const pick = async (locale) => {
        const all = JSON.parse(await readFile(path.join(app, "messages", `${locale}.json`), "utf8"));
        return Object.fromEntries(namespaces.map((namespace) => [namespace, all[namespace]]));
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

/** esbuild options for each script; `write: false` gives the bytes to the size test instead. */
export function embedBuildOptions({ write = true } = {}) {
  const common = {
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2020"],
    legalComments: "none",
    write,
    logLevel: "warning",
    define: {
      "process.env.NODE_ENV": '"production"',
      // next-auth's client reads these at load; in a browser they are unset, as Next leaves them.
      "process.env.NEXTAUTH_URL": "undefined",
      "process.env.NEXTAUTH_URL_INTERNAL": "undefined",
      "process.env.VERCEL_URL": "undefined",
    },
    tsconfig: path.join(app, "tsconfig.json"),
  };
  const chatComponents = {
    ...common,
    jsx: "automatic",
    jsxImportSource: "preact",
    plugins: [pickedMessages, reactAsPreact],
  };
  return {
    loader: {
      ...common,
      format: "iife",
      entryPoints: [path.join(app, "src/embed/loader/widget.ts")],
      outfile: path.join(out, "widget.js"),
    },
    frame: {
      ...chatComponents,
      entryPoints: [path.join(app, "src/embed/frame/main.tsx")],
      outfile: path.join(out, "embed/frame.js"),
    },
    chatPage: {
      ...chatComponents,
      entryPoints: [path.join(app, "src/plain-pages/chat-soporte.tsx")],
      outfile: path.join(out, "chat/chat-soporte.js"),
    },
    // At the root, so its scope covers the whole app (the console and /chat-soporte).
    serviceWorker: {
      ...common,
      format: "iife",
      entryPoints: [path.join(app, "src/service-worker/sw.ts")],
      outfile: path.join(out, "sw.js"),
    },
  };
}

/**
 * One stylesheet for the chat's documents (the frame and /chat-soporte): Tailwind over the
 * components they render, as the app's own globals.css does over all of them.
 */
export async function buildChatCss() {
  const source = `@import "tailwindcss" source(none);
@source "../src/components/chat";
@source "../src/components/forms";
@source "../src/components/i18n";
@source "../src/components/shell";
@source "../src/embed";
@source "../src/plain-pages";
@source "../../../packages/ui/src";
:root { color-scheme: light; }
body { @apply bg-slate-50 text-slate-900 antialiased; margin: 0; }
#root { display: flex; flex-direction: column; min-height: 100dvh; }`;
  const from = path.join(app, "scripts/chat.css");
  const result = await postcss([tailwind({ optimize: { minify: true } })]).process(source, { from });
  await mkdir(path.join(out, "chat"), { recursive: true });
  await writeFile(path.join(out, "chat/chat.css"), result.css);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const options = embedBuildOptions();
  if (process.argv.includes("--watch")) {
    await watchEmbed();
  } else {
    await Promise.all([build(options.loader), build(options.frame), build(options.chatPage), build(options.serviceWorker), buildChatCss()]);
  }
}

/**
 * Rebuilds on every change to the sources (pnpm dev); the stylesheet after either chat script, then
 * `onRebuilt` (server.ts tells the open chat pages to reload).
 */
export async function watchEmbed({ onRebuilt = () => {} } = {}) {
  const options = embedBuildOptions();
  const afterChat = {
    name: "chat-css",
    setup: (plugin) =>
      plugin.onEnd(() =>
        buildChatCss()
          .then(onRebuilt)
          .catch((error) => console.error(error)),
      ),
  };
  const withCss = (entry) => ({ ...entry, plugins: [...entry.plugins, afterChat] });
  const contexts = await Promise.all([
    context(options.loader),
    context(options.serviceWorker),
    context(withCss(options.frame)),
    context(withCss(options.chatPage)),
  ]);
  await Promise.all(contexts.map((each) => each.watch()));
}
