import type { Database } from "@atiende/db";
import { z } from "zod";

import { getConversationFor } from "../domain/access";
import type { Viewer } from "../domain/roles";
import { isStaff } from "../domain/roles";
import { channels } from "../realtime/bus";
import type { ConversationEvent } from "../realtime/conversation-events";
import { ConversationSource } from "../realtime/conversation-events";
import type { InboxEvent } from "../realtime/inbox-events";
import { InboxSource } from "../realtime/inbox-events";
import { LiveFeed } from "../realtime/live-feed";
import { feedHead } from "../realtime/sequencer";
import { createTRPCRouter, feedProcedure, protectedProcedure, staffProcedure } from "../trpc";

const id = z.uuid({ error: "Identificador no válido" });
const lastEventId = z.string().max(64).nullish();

/** A client's resume point, when it is one of ours (an event number); anything else starts afresh. */
function resumePoint(lastEventId: string | null | undefined): number | undefined {
  if (!lastEventId || !/^\d{1,15}$/.test(lastEventId)) return undefined;
  return Number(lastEventId);
}

/** Authorizes a subscription and says where the conversation's events are now; nothing else of the row. */
async function startingPoint(db: Database, viewer: Viewer, conversationId: string) {
  const conversation = await getConversationFor(db, viewer, conversationId);
  return { conversationId: conversation.id, currentSeq: conversation.lastSeq };
}

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
      return new LiveFeed<ConversationEvent>({
        source: new ConversationSource(ctx.db, ctx.viewer, conversationId, ctx.connectionId),
        bus: ctx.bus,
        after: resumePoint(input.lastEventId) ?? currentSeq,
        signal: ctx.signal,
        revoked: ctx.revoked,
      });
    }),

  /**
   * Every conversation's changes for staff (and who is online); a candidate's own conversations'
   * for a candidate. Numbered in the audit log's feed order, resumable the same way.
   */
  inbox: feedProcedure.input(z.strictObject({ lastEventId }).optional()).subscription(async ({ ctx, input }) => {
    const { db, viewer, presence, sequencer } = ctx;
    const staff = isStaff(viewer);
    let after = resumePoint(input?.lastEventId);
    if (after === undefined) {
      // From now: whatever committed before is numbered first, so it is not delivered as new.
      await sequencer.catchUp();
      after = await feedHead(db);
    }
    // An agent with the inbox open is online; the agents online come first.
    const disconnect = staff ? await presence.connect({ userId: viewer.id, name: viewer.name }) : undefined;
    let online: InboxEvent[] = [];
    try {
      if (staff) online = (await presence.list()).map((agent) => ({ type: "presence", ...agent }));
    } catch (error) {
      disconnect?.();
      throw error;
    }
    const feed = new LiveFeed<InboxEvent>({
      source: new InboxSource(db, viewer),
      bus: ctx.bus,
      after,
      initial: online,
      signal: ctx.signal,
      revoked: ctx.revoked,
    });
    const release = sequencer.hold();
    feed.onFinish(() => {
      release();
      disconnect?.();
    });
    return feed;
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
