/**
 * A host developer's program, built and run outside the workspace by `published.test.ts` with only
 * the packed tarballs installed: it must type-check under strict settings and talk to a real
 * Atiende server. Prints one JSON line per step on stdout. (skipLibCheck stays on as in most
 * projects: drizzle-orm's own declarations do not pass without it.)
 */
import type { AppRouter, ConversationEvent, RouterOutputs } from "@atiende/client";
import { createAtiendeClient, signIn } from "@atiende/client";
import type { AtiendeApi, AtiendeInitOptions } from "@atiende/react";
import { AtiendeWidget } from "@atiende/react";
import { renderToString } from "react-dom/server";
import { WebSocket } from "ws";

const url = process.env.ATIENDE_URL ?? "";
const say = (step: string, value: unknown) => console.log(JSON.stringify({ step, value }));

// The types carry through: if the published declarations lost them (an `any` from a package that
// is not there), these expected errors would be missing and tsc would fail.
type Created = RouterOutputs["conversation"]["create"];
// @ts-expect-error a conversation's id is a string
const wrongId: number = "" as unknown as Created["id"];
// @ts-expect-error the widget speaks Spanish and English only
const wrongLocale: AtiendeInitOptions["locale"] = "fr";
const loader: AtiendeApi | undefined = typeof window === "undefined" ? undefined : window.Atiende;
type _RouterIsTyped = AppRouter["_def"]["record"]["message"];

// On the server the widget renders nothing and touches no `window`.
say(
  "ssr",
  renderToString(
    <AtiendeWidget url={url} getToken={() => null} context={{ jobId: 7 }} locale="en" />,
  ),
);

const session = await signIn({
  url,
  email: process.env.ATIENDE_EMAIL ?? "",
  password: process.env.ATIENDE_PASSWORD ?? "",
});
const { api, close } = createAtiendeClient({
  url,
  token: session.token,
  WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
});
const conversation: Created = await api.conversation.create.mutate({
  subject: "Desde el paquete publicado",
});
const sent = await api.message.send.mutate({
  conversationId: conversation.id,
  content: "Hola, ¿me ayudan?",
});
say("sent", { conversationId: conversation.id, messageId: sent.id, role: session.user.role });

const timer = setTimeout(() => {
  say("timeout", null);
  process.exit(1);
}, 20_000);
// From the conversation's first event, so a reply sent before the socket is ready still arrives.
const subscription = api.live.conversation.subscribe(
  { conversationId: conversation.id, lastEventId: "0" },
  {
    onData: ({ data }: { data: ConversationEvent }) => {
      if (data.type !== "message.created" || data.message.sender.role === "candidato") return;
      say("reply", data.message.content);
      clearTimeout(timer);
      subscription.unsubscribe();
      void close();
    },
  },
);
say("listening", conversation.id);
