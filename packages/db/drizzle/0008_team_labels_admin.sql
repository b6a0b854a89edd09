CREATE TABLE "support_conversation_labels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"label_id" uuid NOT NULL,
	"added_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "support_labels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"color" text NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "support_labels_color_check" CHECK ("support_labels"."color" in ('slate', 'red', 'amber', 'green', 'teal', 'blue', 'indigo', 'purple', 'pink'))
);
--> statement-breakpoint
DROP INDEX "support_saved_replies_shortcut_key";--> statement-breakpoint
ALTER TABLE "support_saved_replies" ADD COLUMN "owner_user_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "support_conversation_labels" ADD CONSTRAINT "support_conversation_labels_conversation_id_support_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."support_conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_conversation_labels" ADD CONSTRAINT "support_conversation_labels_label_id_support_labels_id_fk" FOREIGN KEY ("label_id") REFERENCES "public"."support_labels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_conversation_labels" ADD CONSTRAINT "support_conversation_labels_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_conversation_labels" ADD CONSTRAINT "support_conversation_labels_removed_by_user_id_users_id_fk" FOREIGN KEY ("removed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_labels" ADD CONSTRAINT "support_labels_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "support_conversation_labels_current_key" ON "support_conversation_labels" USING btree ("conversation_id","label_id") WHERE "support_conversation_labels"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "support_conversation_labels_label_idx" ON "support_conversation_labels" USING btree ("label_id","conversation_id") WHERE "support_conversation_labels"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "support_labels_name_key" ON "support_labels" USING btree (lower("name")) WHERE "support_labels"."deleted_at" is null;--> statement-breakpoint
ALTER TABLE "support_saved_replies" ADD CONSTRAINT "support_saved_replies_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_action_created_idx" ON "audit_log" USING btree ("action","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "support_saved_replies_owner_shortcut_key" ON "support_saved_replies" USING btree (coalesce("owner_user_id", '00000000-0000-0000-0000-000000000000'::uuid),lower("shortcut")) WHERE "support_saved_replies"."deleted_at" is null;