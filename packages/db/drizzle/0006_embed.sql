DROP INDEX "users_email_lower_key";--> statement-breakpoint
ALTER TABLE "support_conversations" ADD COLUMN "context" jsonb;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "embed_identity" text;--> statement-breakpoint
CREATE UNIQUE INDEX "users_embed_identity_key" ON "users" USING btree ("embed_identity");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email")) WHERE "users"."embed_identity" is null;