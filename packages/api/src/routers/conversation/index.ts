import { getConversationFor } from "../../domain/access";
import { createTRPCRouter, protectedProcedure, staffProcedure } from "../../trpc";
import { createConversation } from "./create";
import { listConversations } from "./list";
import { markRead } from "./mark-read";
import { getConversationView, selectReaders } from "../../domain/conversation-queries";
import { listRatings, rateConversation } from "./rate";
import {
  ZAssignInput,
  ZConversationIdInput,
  ZCreateConversationInput,
  ZListConversationsInput,
  ZMarkReadInput,
  ZRateInput,
  ZSetPriorityInput,
  ZSetStatusInput,
} from "./schemas";
import { assign, setPriority, setStatus } from "./update";

export const conversationRouter = createTRPCRouter({
  create: protectedProcedure
    .input(ZCreateConversationInput)
    .mutation(({ ctx, input }) => createConversation(ctx, input)),
  list: protectedProcedure
    .input(ZListConversationsInput)
    .query(({ ctx, input }) => listConversations(ctx, input)),
  get: protectedProcedure.input(ZConversationIdInput).query(async ({ ctx, input }) => {
    await getConversationFor(ctx.db, ctx.viewer, input.id);
    return getConversationView(ctx.db, ctx.viewer, input.id);
  }),
  /** Each participant's read marker, for read receipts. */
  readers: protectedProcedure.input(ZConversationIdInput).query(async ({ ctx, input }) => {
    await getConversationFor(ctx.db, ctx.viewer, input.id);
    return selectReaders(ctx.db, input.id);
  }),
  setStatus: protectedProcedure
    .input(ZSetStatusInput)
    .mutation(({ ctx, input }) => setStatus(ctx, input)),
  assign: staffProcedure.input(ZAssignInput).mutation(({ ctx, input }) => assign(ctx, input)),
  setPriority: staffProcedure
    .input(ZSetPriorityInput)
    .mutation(({ ctx, input }) => setPriority(ctx, input)),
  markRead: protectedProcedure
    .input(ZMarkReadInput)
    .mutation(({ ctx, input }) => markRead(ctx, input)),
  rate: protectedProcedure.input(ZRateInput).mutation(({ ctx, input }) => rateConversation(ctx, input)),
  ratings: protectedProcedure
    .input(ZConversationIdInput)
    .query(({ ctx, input }) => listRatings(ctx, input.id)),
});
