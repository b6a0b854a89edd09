ALTER TABLE "support_messages" ADD COLUMN "search_words" "tsvector" GENERATED ALWAYS AS (case when message_type in ('note', 'auto_reply') then null else strip(to_tsvector('simple', content || ' ' || coalesce(attachment_name, ''))) end) STORED;--> statement-breakpoint
CREATE INDEX "support_messages_search_idx" ON "support_messages" USING gin ("search_words") WHERE "support_messages"."search_words" is not null;--> statement-breakpoint
-- The conversation's document keeps only its subject (as conversation.create writes it): the messages' words are in their own column now.
UPDATE "support_conversations" SET "search_vector" = strip(to_tsvector('simple', coalesce("subject", '')));
