CREATE TABLE "support_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"candidate_user_id" uuid NOT NULL,
	"support_user_id" uuid,
	"resolved_at" timestamp with time zone NOT NULL,
	"score" integer NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_ratings_score_check" CHECK ("support_ratings"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "support_saved_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shortcut" text NOT NULL,
	"content" text NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "support_messages" DROP CONSTRAINT "support_messages_type_check";--> statement-breakpoint
ALTER TABLE "support_conversations" ADD COLUMN "first_response_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "support_conversations" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "support_ratings" ADD CONSTRAINT "support_ratings_conversation_id_support_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."support_conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_ratings" ADD CONSTRAINT "support_ratings_candidate_user_id_users_id_fk" FOREIGN KEY ("candidate_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_ratings" ADD CONSTRAINT "support_ratings_support_user_id_users_id_fk" FOREIGN KEY ("support_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_saved_replies" ADD CONSTRAINT "support_saved_replies_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "support_ratings_resolution_key" ON "support_ratings" USING btree ("conversation_id","resolved_at");--> statement-breakpoint
CREATE INDEX "support_ratings_created_idx" ON "support_ratings" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "support_saved_replies_shortcut_key" ON "support_saved_replies" USING btree (lower("shortcut")) WHERE "support_saved_replies"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "support_conversations_status_activity_idx" ON "support_conversations" USING btree ("status","last_message_at","id");--> statement-breakpoint
CREATE INDEX "support_conversations_assignee_activity_idx" ON "support_conversations" USING btree ("assigned_support_user_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "support_conversations_created_idx" ON "support_conversations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "support_conversations_subject_search_idx" ON "support_conversations" USING gin (to_tsvector('simple', coalesce("subject", '')));--> statement-breakpoint
CREATE INDEX "support_messages_search_idx" ON "support_messages" USING gin (to_tsvector('simple', "content"));--> statement-breakpoint
CREATE INDEX "users_search_idx" ON "users" USING gin (to_tsvector('simple', "name" || ' ' || "email"));--> statement-breakpoint
ALTER TABLE "support_messages" ADD CONSTRAINT "support_messages_type_check" CHECK ("support_messages"."message_type" in ('text', 'attachment', 'system', 'note'));--> statement-breakpoint
UPDATE "support_conversations" c SET
	"first_response_at" = (SELECT min(m."created_at") FROM "support_messages" m WHERE m."conversation_id" = c."id" AND m."sender_user_id" <> c."candidate_user_id" AND m."message_type" <> 'note'),
	"resolved_at" = CASE WHEN c."status" = 'resolved' THEN (SELECT max(a."created_at") FROM "audit_log" a WHERE a."conversation_id" = c."id" AND a."action" = 'conversation.status_changed' AND a."data"->'status'->>'to' = 'resolved') END;
