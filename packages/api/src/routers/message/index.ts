import { createTRPCRouter, protectedProcedure } from "../../trpc";
import { editMessage } from "./edit";
import { listMessages } from "./list";
import { ZEditMessageInput, ZListMessagesInput, ZSendMessageInput } from "./schemas";
import { sendMessage } from "./send";

export const messageRouter = createTRPCRouter({
  list: protectedProcedure
    .input(ZListMessagesInput)
    .query(({ ctx, input }) => listMessages(ctx, input)),
  send: protectedProcedure
    // store.ts's statement confirms a remembered caller: the HTTP transport may skip reading it.
    .meta({ confirmsRememberedUser: true })
    .input(ZSendMessageInput)
    .mutation(({ ctx, input }) => sendMessage(ctx, input)),
  edit: protectedProcedure
    .input(ZEditMessageInput)
    .mutation(({ ctx, input }) => editMessage(ctx, input)),
});
