import { randomBytes } from "node:crypto";

import type { WebhookEndpoint } from "@atiende/db";
import { and, asc, desc, eq, isNull, ne, sql, webhookAttempts, webhookDeliveries, webhookEndpoints } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { recordEvent } from "../../domain/audit";
import { notFound, texts } from "../../domain/errors";
import { adminProcedure, createTRPCRouter } from "../../trpc";
import type { ProtectedContext } from "../../trpc";
import { refusesInternal } from "../../webhooks/address";
import {
  ZCreateWebhookInput,
  ZUpdateWebhookInput,
  ZWebhookDeliveriesInput,
  ZWebhookIdInput,
} from "./schemas";

const e = webhookEndpoints;
const d = webhookDeliveries;
const live = isNull(e.deletedAt);

/** An endpoint as listed: the secret only as its last four characters. */
const listed = ({ secret, ...endpoint }: WebhookEndpoint) => ({ ...endpoint, secretHint: secret.slice(-4) });

async function ensureAllowedUrl(ctx: ProtectedContext, url: string | undefined) {
  if (url && !ctx.config.webhooks.allowPrivateAddresses && (await refusesInternal(new URL(url)))) {
    throw new TRPCError({ code: "BAD_REQUEST", message: texts.webhookInternalAddress });
  }
}

/** What an audit row says of an endpoint: never its secret. */
const audited = (endpoint: WebhookEndpoint) => ({ id: endpoint.id, url: endpoint.url, events: endpoint.events, enabled: endpoint.enabled });

/** Where events go, and what became of each delivery. Admins only. */
export const webhookRouter = createTRPCRouter({
  list: adminProcedure.query(async ({ ctx }) =>
    (await ctx.db.select().from(e).where(live).orderBy(desc(e.fromEnv), e.createdAt)).map(listed),
  ),
  /** Returns the secret (chosen for you when not given) this once. */
  create: adminProcedure.input(ZCreateWebhookInput).mutation(async ({ ctx, input }) => {
    await ensureAllowedUrl(ctx, input.url);
    const secret = input.secret ?? `whsec_${randomBytes(24).toString("base64url")}`;
    return ctx.db.transaction(async (tx) => {
      const [endpoint] = await tx.insert(e).values({ ...input, secret, createdByUserId: ctx.viewer.id }).returning();
      if (!endpoint) throw new Error("The webhook endpoint insert returned no row");
      await recordEvent(tx, { actorUserId: ctx.viewer.id, action: "webhook.created", data: audited(endpoint) });
      return { ...listed(endpoint), secret };
    });
  }),
  update: adminProcedure.input(ZUpdateWebhookInput).mutation(async ({ ctx, input }) => {
    await ensureAllowedUrl(ctx, input.url);
    const { id, ...changes } = input;
    return ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(e).where(and(eq(e.id, id), live)).for("update");
      if (!current) throw notFound(texts.webhookNotFound);
      if (current.fromEnv) throw new TRPCError({ code: "CONFLICT", message: texts.webhookFromEnv });
      const [endpoint] = await tx.update(e).set({ ...changes, updatedAt: new Date() }).where(eq(e.id, id)).returning();
      if (!endpoint) throw notFound(texts.webhookNotFound);
      await recordEvent(tx, {
        actorUserId: ctx.viewer.id,
        action: "webhook.updated",
        data: { ...audited(endpoint), previous: audited(current), secretChanged: changes.secret !== undefined },
      });
      return listed(endpoint);
    });
  }),
  /** Stops its deliveries; the endpoint and its log stay in the database. */
  remove: adminProcedure.input(ZWebhookIdInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(e).where(and(eq(e.id, input.id), live)).for("update");
      if (!current) throw notFound(texts.webhookNotFound);
      if (current.fromEnv) throw new TRPCError({ code: "CONFLICT", message: texts.webhookFromEnv });
      await tx.update(e).set({ deletedAt: new Date() }).where(eq(e.id, current.id));
      await recordEvent(tx, { actorUserId: ctx.viewer.id, action: "webhook.removed", data: audited(current) });
      return { id: current.id };
    }),
  ),
  /** The delivery log, newest first. */
  deliveries: adminProcedure.input(ZWebhookDeliveriesInput).query(async ({ ctx, input }) => {
    const rows = await ctx.db
      .select({
        id: d.id,
        endpointId: d.endpointId,
        endpointUrl: e.url,
        event: d.event,
        eventId: d.auditId,
        status: d.status,
        attempts: d.attempts,
        responseStatus: d.responseStatus,
        durationMs: d.durationMs,
        error: d.error,
        createdAt: d.createdAt,
        lastAttemptAt: d.lastAttemptAt,
        nextAttemptAt: d.nextAttemptAt,
      })
      .from(d)
      .innerJoin(e, eq(e.id, d.endpointId))
      .where(
        and(
          input.endpointId ? eq(d.endpointId, input.endpointId) : undefined,
          input.status ? eq(d.status, input.status) : undefined,
          input.cursor
            ? sql`(${d.createdAt}, ${d.id}) < (select created_at, id from webhook_deliveries where id = ${input.cursor})`
            : undefined,
        ),
      )
      .orderBy(desc(d.createdAt), desc(d.id))
      .limit(input.limit + 1);
    return { items: rows.slice(0, input.limit), nextCursor: rows.length > input.limit ? rows[input.limit - 1]?.id : undefined };
  }),
  /** Every attempt at one delivery, first to last: the latest is also on the delivery. */
  attempts: adminProcedure.input(ZWebhookIdInput).query(async ({ ctx, input }) => {
    const [delivery] = await ctx.db.select({ id: d.id }).from(d).where(eq(d.id, input.id));
    if (!delivery) throw notFound(texts.deliveryNotFound);
    const a = webhookAttempts;
    return ctx.db
      .select({ attempt: a.attempt, ok: a.ok, responseStatus: a.responseStatus, durationMs: a.durationMs, error: a.error, attemptedAt: a.attemptedAt })
      .from(a)
      .where(eq(a.deliveryId, delivery.id))
      .orderBy(asc(a.attempt));
  }),
  /**
   * Sends a delivery again now, with the same delivery id and payload. A failure goes on with the
   * retry schedule where it left off; one that had used up its attempts gets this one more.
   */
  redeliver: adminProcedure.input(ZWebhookIdInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const [found] = await tx
        .select({ status: d.status, endpointId: d.endpointId })
        .from(d)
        .where(eq(d.id, input.id))
        .for("update");
      if (!found) throw notFound(texts.deliveryNotFound);
      if (found.status === "pending") throw new TRPCError({ code: "CONFLICT", message: texts.deliveryPending });
      const [delivery] = await tx
        .update(d)
        .set({ status: "pending", nextAttemptAt: new Date() })
        .where(and(eq(d.id, input.id), ne(d.status, "pending")))
        .returning({ id: d.id, attempts: d.attempts });
      if (!delivery) throw new TRPCError({ code: "CONFLICT", message: texts.deliveryPending });
      await ctx.webhookQueue.enqueue(tx, [{ deliveryId: delivery.id, attempt: delivery.attempts + 1, runAt: new Date() }]);
      await recordEvent(tx, { actorUserId: ctx.viewer.id, action: "webhook.redelivered", data: { deliveryId: delivery.id } });
      return { id: delivery.id };
    }),
  ),
});
