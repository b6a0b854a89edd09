CREATE TABLE "auto_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"period" text NOT NULL,
	"audit_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"message_id" uuid,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auto_replies_status_check" CHECK ("auto_replies"."status" in ('pending', 'sent', 'skipped', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "support_messages" DROP CONSTRAINT "support_messages_type_check";--> statement-breakpoint
ALTER TABLE "business_hours" ADD COLUMN "auto_reply_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "business_hours" ADD COLUMN "auto_reply_es" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "business_hours" ADD COLUMN "auto_reply_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "auto_replies" ADD CONSTRAINT "auto_replies_conversation_id_support_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."support_conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_replies" ADD CONSTRAINT "auto_replies_audit_id_audit_log_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audit_log"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_replies" ADD CONSTRAINT "auto_replies_message_id_support_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."support_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "auto_replies_conversation_period_key" ON "auto_replies" USING btree ("conversation_id","period");--> statement-breakpoint
CREATE INDEX "auto_replies_due_idx" ON "auto_replies" USING btree ("next_attempt_at") WHERE "auto_replies"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "support_messages" ADD CONSTRAINT "support_messages_type_check" CHECK ("support_messages"."message_type" in ('text', 'attachment', 'system', 'note', 'auto_reply'));