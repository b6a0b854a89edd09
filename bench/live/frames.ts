import type { RawData } from "ws";

/** A WebSocket frame's text, whichever of its shapes `ws` hands over. */
export function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  return Buffer.from(new Uint8Array(data)).toString("utf8");
}

/** A message as the load generator hands it to the bare servers (bare-server.ts). */
export interface BareMessage {
  conversationId: string;
  senderId: string;
  content: string;
  clientMessageId: string;
}
