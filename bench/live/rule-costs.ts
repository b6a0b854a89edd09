/**
 * `pnpm bench:rules`: what each of a send's rules costs the database, for bench/RESULTS.md. On a
 * fresh database, one statement at a time on one connection, it times a message stored with more
 * and more of what Atiende writes for it, each step adding one rule to the last, then the whole
 * send as the API runs it (`message.send` through the app router), the same send confirming a
 * remembered caller as HTTP sends it, the caller's user as every other HTTP call reads it, and the
 * sequencer's numbering of the audit rows. CPU is the database
 * backends' (from /proc), per message. Prints a Markdown table; records nothing.
 */
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";

import { configFromEnv, createCaller, createInnerContext, findUserById, readApiEnv } from "@atiende/api";
import { sequencePass } from "@atiende/api/realtime";
import { createServices } from "@atiende/api/server";
import type { Database } from "@atiende/db";
import { runStatement } from "@atiende/db";

import { backendPids, createBenchDatabase, createPairs } from "./database";
import { benchProductionApiEnv, readLiveOptions } from "./env";
import type { PairRecord } from "./endpoints";
import { cpuBetween, readProcesses } from "./proc";

const MESSAGES = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 3000);
const options = readLiveOptions([]);
const config = configFromEnv(readApiEnv(benchProductionApiEnv()));

/** Each step's statement: the previous one's writes and one rule more ($1 conversation, $2 sender, $3 text). */
const STEPS: { rule: string; text: string }[] = [
  {
    rule: "The message alone (the physical limit's INSERT)",
    text: `insert into support_messages (conversation_id, sender_user_id, content, client_message_id)
      values ($1::uuid, $2::uuid, $3::text, $4::text) returning *`,
  },
  {
    rule: "+ its event number and the conversation's activity (lock, update: live resume, inbox order)",
    text: `with msg as (
        insert into support_messages (conversation_id, sender_user_id, content, client_message_id)
        values ($1::uuid, $2::uuid, $3::text, $4::text) returning *)
      update support_conversations c set last_seq = last_seq + 1, updated_at = msg.created_at,
        last_message_at = msg.created_at from msg where c.id = msg.conversation_id returning c.last_seq`,
  },
  {
    rule: "+ the audit row (every change audited; the webhooks', emails' and pushes' outbox)",
    text: `with msg as (
        insert into support_messages (conversation_id, sender_user_id, content, client_message_id)
        values ($1::uuid, $2::uuid, $3::text, $4::text) returning *),
      changed as (update support_conversations c set last_seq = last_seq + 1, updated_at = msg.created_at,
        last_message_at = msg.created_at from msg where c.id = msg.conversation_id returning c.last_seq)
      insert into audit_log (actor_user_id, action, conversation_id, message_id, seq, data)
      select $2::uuid, 'message.created', msg.conversation_id, msg.id, changed.last_seq, '{}'::jsonb from msg, changed`,
  },
  {
    rule: "+ the sender's rate limit (an upsert of their counter)",
    text: `with quota as (
        insert into rate_limits as r (key, points, expire) values ('msg:' || $2::text, 1, now() + interval '1 minute')
        on conflict (key) do update set points = case when r.expire <= now() then 1 else r.points + 1 end,
          expire = case when r.expire <= now() then now() + interval '1 minute' else r.expire end
        returning r.points),
      msg as (
        insert into support_messages (conversation_id, sender_user_id, content, client_message_id)
        select $1::uuid, $2::uuid, $3::text, $4::text from quota returning *),
      changed as (update support_conversations c set last_seq = last_seq + 1, updated_at = msg.created_at,
        last_message_at = msg.created_at from msg where c.id = msg.conversation_id returning c.last_seq)
      insert into audit_log (actor_user_id, action, conversation_id, message_id, seq, data)
      select $2::uuid, 'message.created', msg.conversation_id, msg.id, changed.last_seq, '{}'::jsonb from msg, changed`,
  },
];

/** Runs `send` for each message, one at a time; DB CPU (all backends of the database) and p50 latency. */
async function measure(db: Database, pairs: PairRecord[], send: (pair: PairRecord, sender: string, i: number) => Promise<unknown>) {
  // Warm: plans cached, pages in memory.
  for (let i = 0; i < 200; i += 1) {
    const pair = pairs[i % pairs.length] as PairRecord;
    await send(pair, i % 2 ? pair.agentId : pair.candidateId, i);
  }
  const pids = await backendPids(db);
  const before = readProcesses(pids);
  const latencies: number[] = [];
  for (let i = 0; i < MESSAGES; i += 1) {
    const pair = pairs[i % pairs.length] as PairRecord;
    const started = performance.now();
    await send(pair, i % 2 ? pair.agentId : pair.candidateId, i);
    latencies.push(performance.now() - started);
  }
  const cpu = cpuBetween(before, readProcesses(pids));
  latencies.sort((a, b) => a - b);
  return { cpuMicros: cpu / MESSAGES, p50: latencies[Math.floor(latencies.length / 2)] ?? 0 };
}

async function main() {
  const load = loadavg()[0] ?? 0;
  const database = await createBenchDatabase(options.databaseUrl);
  try {
    const db = database.handle.db;
    const pairs = await createPairs(database.handle, config, 50);
    const rows: [string, { cpuMicros: number; p50: number }][] = [];
    for (const step of STEPS) {
      rows.push([step.rule, await measure(db, pairs, (pair, sender, i) => runStatement(db, step.text, [pair.conversationId, sender, `mensaje ${i}`, randomUUID()]))]);
      console.error(`${step.rule}: done`);
    }
    const services = createServices(db, config);
    const users = new Map<string, Awaited<ReturnType<typeof findUserById>>>();
    for (const pair of pairs) for (const id of [pair.candidateId, pair.agentId]) users.set(id, await findUserById(db, id));
    rows.push([
      "Atiende's send (`message.send`: also idempotency, access, closed/reopening, first response, participation)",
      await measure(db, pairs, (pair, sender, i) =>
        createCaller(createInnerContext(services, users.get(sender) ?? null)).message.send({
          conversationId: pair.conversationId,
          content: `mensaje ${i}`,
          clientMessageId: randomUUID(),
        }),
      ),
    ]);
    rows.push([
      "Atiende's send as HTTP sends it, on the caller as remembered: the statement confirms the user's row (a revoked token dies at once)",
      await measure(db, pairs, (pair, sender, i) =>
        createCaller(createInnerContext(services, users.get(sender) ?? null, { userRemembered: true })).message.send({
          conversationId: pair.conversationId,
          content: `mensaje ${i}`,
          clientMessageId: randomUUID(),
        }),
      ),
    ]);
    rows.push(["The caller's user, read first by every other HTTP call (a revoked token dies at once, Redis down included)", await measure(db, pairs, (_pair, sender) => findUserById(db, sender))]);
    // The sequencer numbers the audit rows in passes; at 400 msg/s with its 100 ms gap, of some 40 rows.
    rows.push([
      "Atiende's send, with the sequencer's pass every 40 messages (the order the inbox and the relay read)",
      await measure(db, pairs, async (pair, sender, i) => {
        await createCaller(createInnerContext(services, users.get(sender) ?? null)).message.send({
          conversationId: pair.conversationId,
          content: `mensaje ${i}`,
          clientMessageId: randomUUID(),
        });
        if (i % 40 === 39) await sequencePass(db);
      }),
    ]);
    await services.bus.close();

    // What each row adds to the one it builds on: each step to the last; the whole send to the last
    // step; the remembered caller's check and the sequencer to the whole send. The user's read
    // stands alone.
    const base: Record<number, number | undefined> = { 1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 7: 4 };
    console.log(`\n${MESSAGES} messages per row, one at a time on this machine (load average ${load.toFixed(1)} at the start).\n`);
    console.log("| What is written or read | Database CPU per message (µs) | Added to the row it builds on (µs) | p50 (ms) |");
    console.log("| --- | --- | --- | --- |");
    for (const [index, [rule, result]] of rows.entries()) {
      const on = base[index];
      const added = on === undefined ? "" : `+${(result.cpuMicros - (rows[on]?.[1].cpuMicros ?? 0)).toFixed(0)}`;
      console.log(`| ${rule} | ${result.cpuMicros.toFixed(0)} | ${added} | ${result.p50.toFixed(2)} |`);
    }
  } finally {
    await database.drop();
  }
}

await main();
process.exit(0);
