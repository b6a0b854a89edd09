-- Every audit row gets its place in the feed, in the order the old readers used (tx_id, id); the
-- relay's position moves to the same place in the new numbering before tx_id goes.
ALTER TABLE "audit_log" ADD COLUMN "feed_seq" bigint;--> statement-breakpoint
UPDATE "audit_log" a SET "feed_seq" = o.n
  FROM (SELECT "id", row_number() OVER (ORDER BY "tx_id", "id") AS n FROM "audit_log") o
  WHERE a."id" = o."id";--> statement-breakpoint
ALTER TABLE "webhook_relay" ADD COLUMN "feed_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "webhook_relay" r SET "feed_seq" = coalesce((
  SELECT max(a."feed_seq") FROM "audit_log" a
  WHERE a."tx_id" < r."tx_id" OR (a."tx_id" = r."tx_id" AND a."id" <= r."audit_id")
), 0);--> statement-breakpoint
ALTER TABLE "webhook_relay" ALTER COLUMN "feed_seq" DROP DEFAULT;--> statement-breakpoint
DROP INDEX "audit_log_feed_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_feed_seq_key" ON "audit_log" USING btree ("feed_seq");--> statement-breakpoint
CREATE INDEX "audit_log_unsequenced_idx" ON "audit_log" USING btree ("conversation_id","seq","id") WHERE "audit_log"."feed_seq" is null;--> statement-breakpoint
ALTER TABLE "audit_log" DROP COLUMN "tx_id";--> statement-breakpoint
ALTER TABLE "webhook_relay" DROP COLUMN "tx_id";--> statement-breakpoint
ALTER TABLE "webhook_relay" DROP COLUMN "audit_id";
