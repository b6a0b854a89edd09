DROP INDEX "support_conversations_subject_search_idx";--> statement-breakpoint
DROP INDEX "support_messages_search_idx";--> statement-breakpoint
ALTER TABLE "support_conversations" ADD COLUMN "search_vector" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
UPDATE "support_conversations" c SET "search_vector" = strip(to_tsvector('simple', coalesce(c."subject", '') || ' ' || coalesce((
	SELECT string_agg(m."content" || ' ' || coalesce(m."attachment_name", ''), ' ') FROM "support_messages" m
	WHERE m."conversation_id" = c."id" AND m."message_type" <> 'note'
), '')));--> statement-breakpoint
CREATE INDEX "support_conversations_search_idx" ON "support_conversations" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "support_conversations_unassigned_activity_idx" ON "support_conversations" USING btree ("last_message_at","id") WHERE "support_conversations"."assigned_support_user_id" is null and "support_conversations"."deleted_at" is null;