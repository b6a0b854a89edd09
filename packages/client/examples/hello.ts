import { createAtiendeClient, signIn } from "@atiende/client";
import { WebSocket } from "ws";

const url = process.env.ATIENDE_URL ?? "http://localhost:3000";
const { token } = await signIn({ url, email: "candidato@example.com", password: "demo1234" });
const { api, close } = createAtiendeClient({ url, token, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });

const conversation = await api.conversation.create.mutate({ subject: "Hola desde un script" });
await api.message.send.mutate({ conversationId: conversation.id, content: "¿Me ayudan?", clientMessageId: crypto.randomUUID() });
console.log(`conversation ${conversation.id}`);

const subscription = api.live.conversation.subscribe({ conversationId: conversation.id }, {
  onData: ({ data }) => {
    if (data.type !== "message.created" || data.message.sender.role === "candidato") return;
    console.log(`${data.message.sender.name}: ${data.message.content}`);
    subscription.unsubscribe();
    void close();
  },
});
