import type { Database } from "@atiende/db";
import { tracked } from "@trpc/server";
import { z } from "zod";

import { getConversationFor } from "../domain/access";
import { OUTAGE_RETRY_MS, isDatabaseUnavailable } from "../domain/outage";
import type { Viewer } from "../domain/roles";
import { isStaff } from "../domain/roles";
import type { BusMessage } from "../realtime/bus";
import { channels } from "../realtime/bus";
import { ConversationFeed } from "../realtime/conversation-feed";
import type { FeedCursor, InboxEvent } from "../realtime/inbox-events";
import { feedWatermark, formatFeedId, parseFeedId, readInboxEvents } from "../realtime/inbox-events";
import { createWakeUp } from "../realtime/wake";
import { createTRPCRouter, feedProcedure, liveProcedure, protectedProcedure, staffProcedure } from "../trpc";

const id = z.uuid({ error: "Identificador no válido" });
const lastEventId = z.string().max(64).nullish();

/**
 * A database outage while a stream reads is no reason to end it (the client would have to start
 * over): it schedules a wake-up to read again and yields nothing. Anything else is a real error.
 */
function outageOrThrow(error: unknown, wake: ReturnType<typeof createWakeUp>): undefined {
  if (!isDatabaseUnavailable(error)) throw error;
  setTimeout(() => wake.notify(), OUTAGE_RETRY_MS).unref();
  return undefined;
}

/** Authorizes a subscription and says where the conversation's events are now; nothing else of the row. */
async function startingPoint(db: Database, viewer: Viewer, conversationId: string) {
  const conversation = await getConversationFor(db, viewer, conversationId);
  return { conversationId: conversation.id, currentSeq: conversation.lastSeq };
}
type PresenceMessage = Extract<BusMessage, { kind: "presence" }>;

export const liveRouter = createTRPCRouter({
  /**
   * One conversation's events. Stored events carry their sequence number as id; a client that
   * comes back with `lastEventId` gets exactly what it missed, from the database, then live ones.
   */
  conversation: feedProcedure
    .input(z.strictObject({ conversationId: id, lastEventId }))
    .subscription(async ({ ctx, input }) => {
      // Only the id and the number it was at are kept: a subscription lives as long as its socket,
      // and the row would stay in memory all that time.
      const { conversationId, currentSeq } = await startingPoint(ctx.db, ctx.viewer, input.conversationId);
      const resumeFrom = Number(input.lastEventId);
      return new ConversationFeed({
        db: ctx.db,
        bus: ctx.bus,
        viewer: ctx.viewer,
        conversationId,
        afterSeq: Number.isSafeInteger(resumeFrom) && resumeFrom >= 0 ? resumeFrom : currentSeq,
        signal: ctx.signal,
        revoked: ctx.revoked,
      });
    }),

  /** Every conversation's changes for staff; a candidate's own conversations for a candidate. */
  inbox: liveProcedure
    .input(z.strictObject({ lastEventId }).optional())
    .subscription(async function* ({ ctx, input }) {
      const { db, bus, viewer, presence, signal } = ctx;
      const wake = createWakeUp(signal);
      const presenceQueue = new Map<string, PresenceMessage>();
      const staff = isStaff(viewer);
      const unsubscribe = bus.subscribe(channels.inbox, (message) => {
        if (message.kind === "presence" && staff) presenceQueue.set(message.userId, message);
        wake.notify();
      });
      let disconnect: (() => void) | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      try {
        if (staff) disconnect = await presence.connect({ userId: viewer.id, name: viewer.name });
        let cursor: FeedCursor = parseFeedId(input?.lastEventId) ?? {
          txId: await feedWatermark(db),
          index: 0,
        };
        if (staff) {
          for (const agent of await presence.list()) {
            yield tracked(formatFeedId(cursor), { type: "presence", ...agent } satisfies InboxEvent);
          }
        }
        while (!signal?.aborted) {
          const result = await readInboxEvents(db, viewer, cursor).catch((error: unknown) =>
            outageOrThrow(error, wake),
          );
          if (!result) {
            await wake.wait();
            continue;
          }
          for (const { id: eventId, event } of result.events) yield tracked(eventId, event);
          cursor = result.cursor;
          if (result.events.length > 0) continue;
          for (const message of presenceQueue.values()) {
            const event: InboxEvent = {
              type: "presence",
              userId: message.userId,
              name: message.name,
              status: message.status,
            };
            yield tracked(formatFeedId(cursor), event);
          }
          presenceQueue.clear();
          // A later transaction committed before an earlier one: look again once that one settles.
          if (result.pending) retry = setTimeout(() => wake.notify(), 50);
          await wake.wait();
          clearTimeout(retry);
        }
      } finally {
        clearTimeout(retry);
        unsubscribe();
        disconnect?.();
      }
    }),

  /** Says the caller is (or stopped) typing in a conversation; not stored, not replayed. */
  typing: protectedProcedure
    .input(z.strictObject({ conversationId: id, isTyping: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const conversation = await getConversationFor(ctx.db, ctx.viewer, input.conversationId);
      ctx.bus.publish(channels.conversation(conversation.id), {
        kind: "typing",
        conversationId: conversation.id,
        userId: ctx.viewer.id,
        name: ctx.viewer.name,
        isTyping: input.isTyping,
      });
      return { ok: true };
    }),

  /** An agent sets themself online or away. */
  setPresence: staffProcedure
    .input(z.strictObject({ status: z.enum(["online", "away"]) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.presence.setStatus({ userId: ctx.viewer.id, name: ctx.viewer.name }, input.status);
      return { status: input.status };
    }),

  /** The agents online or away right now. */
  presence: staffProcedure.query(({ ctx }) => ctx.presence.list()),
});
