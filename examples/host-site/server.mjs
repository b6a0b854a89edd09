// A tiny job portal that embeds the Atiende chat, on an origin of its own (default
// http://127.0.0.1:4000). It has its own sign-in (any name and email; no password: a demo), keeps
// who is signed in in its own cookie, and mints a short-lived token for Atiende from its backend.
//   ATIENDE_URL=http://localhost:3000 ATIENDE_EMBED_SECRET=… node server.mjs
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";

import { mintAtiendeToken } from "./mint-token.mjs";

const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? "127.0.0.1";
const atiende = (process.env.ATIENDE_URL ?? "http://localhost:3000").replace(/\/$/, "");
const secret = process.env.ATIENDE_EMBED_SECRET;
if (!secret) {
  console.error("Set ATIENDE_EMBED_SECRET: the same value the Atiende server has.");
  process.exit(1);
}

/** The portal's own sessions: cookie value → its user. */
const sessions = new Map();

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const userOf = (request) => sessions.get(/(?:^|;\s*)portal_session=([\w-]+)/.exec(request.headers.cookie ?? "")?.[1]);

function page(user) {
  const body = user
    ? `<p>Hola, <strong>${escape(user.name)}</strong> (${escape(user.email)}).</p>
<form method="post" action="/sign-out" id="sign-out"><button>Cerrar sesión</button></form>
<h2>Desarrollador/a TypeScript — Empleo 4521</h2>
<p>Tu postulación 981 está en revisión. ¿Dudas? Escribe al equipo de soporte con el botón de abajo.</p>
<p>Mensajes sin leer del soporte: <output id="unread">0</output></p>
<script>
  // Calls made before widget.js has loaded wait in a queue it reads when it runs.
  window.Atiende = { q: [] };
  for (const method of ["init", "open", "close", "logout", "on"])
    window.Atiende[method] = (...args) => void window.Atiende.q.push([method, args]);
</script>
<script src="${atiende}/widget.js" async></script>
<script>
  Atiende.init({
    getToken: () => fetch("/token", { method: "POST" }).then((r) => (r.ok ? r.json() : null)).then((b) => b && b.token),
    context: { jobId: "4521", applicationId: "981", page: location.pathname },
  });
  Atiende.on("unread", (count) => (document.getElementById("unread").textContent = count));
  document.getElementById("sign-out").addEventListener("submit", () => Atiende.logout());
</script>`
    : `<form method="post" action="/sign-in">
<p><label>Nombre <input name="name" required></label></p>
<p><label>Correo <input name="email" type="email" required></label></p>
<button>Entrar al portal</button>
</form>`;
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Portal de empleo</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>Portal de empleo (sitio de ejemplo)</h1>${body}</body></html>`;
}

async function formOf(request) {
  let text = "";
  for await (const chunk of request) text += chunk;
  return new URLSearchParams(text);
}

createServer(async (request, response) => {
  const user = userOf(request);
  if (request.method === "GET" && request.url === "/") {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(user));
  } else if (request.method === "POST" && request.url === "/sign-in") {
    const form = await formOf(request);
    const email = (form.get("email") ?? "").trim().toLowerCase();
    const name = (form.get("name") ?? "").trim();
    if (!email || !name) return response.writeHead(400).end("Faltan datos");
    const session = randomBytes(16).toString("hex");
    // The portal's user id: stable for an email, as a real portal's database id would be.
    sessions.set(session, { id: `portal-${createHash("sha256").update(email).digest("hex").slice(0, 24)}`, email, name });
    response.writeHead(303, { location: "/", "set-cookie": `portal_session=${session}; HttpOnly; SameSite=Lax; Path=/` }).end();
  } else if (request.method === "POST" && request.url === "/sign-out") {
    sessions.delete(/(?:^|;\s*)portal_session=([\w-]+)/.exec(request.headers.cookie ?? "")?.[1]);
    response.writeHead(303, { location: "/", "set-cookie": "portal_session=; Max-Age=0; Path=/" }).end();
  } else if (request.method === "POST" && request.url === "/token") {
    // Only the portal's backend knows the secret; the page gets a token for its own user only.
    if (!user) return response.writeHead(401).end();
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify({ token: mintAtiendeToken(user, secret) }));
  } else {
    response.writeHead(404).end();
  }
}).listen(port, host, () => console.log(`Host site on http://${host}:${port} embedding ${atiende}`));
