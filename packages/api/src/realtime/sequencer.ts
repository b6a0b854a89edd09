import type { Database } from "@atiende/db";
import { selectRows, sql } from "@atiende/db";

import type { Logger } from "../log";
import { isDatabaseUnavailable } from "../domain/outage";
import type { EventBus } from "./bus";
import { channels } from "./bus";

/** Key of the advisory lock that lets one pass run at a time, across every app instance. */
const SEQUENCER_LOCK = 7_311_046_105;
/** Rows numbered in one pass; when there were more, the next pass starts at once. */
const PASS_ROWS = 1000;
/**
 * A pass this often even when nobody asked: rows written by an instance that died before it
 * published, or whose wake-up the bus lost, still reach the feed.
 */
const POLL_MS = 1000;
/**
 * The least time between the end of one pass and the start of the next, unless a backlog is left:
 * under a stream of changes, each pass (and each relay batch and inbox read it wakes) takes the
 * rows of this long at once instead of one or two per transaction. The inbox and the webhooks wait
 * at most this much more; a conversation's own feed does not go through here. A pass is four round
 * trips and a scan of the unnumbered rows, and it wakes the relay's batch (ten more): at 100 ms,
 * 200 msg/s spent some 140 statements a second on them beside the sends' 200, and writing a
 * statement to PostgreSQL's socket is a fifth of the server's CPU (bench/RESULTS.md). A quiet
 * system is not slowed: the first change after a gap is numbered at once.
 */
const PASS_GAP_MS = 250;

/**
 * Numbers committed audit rows (`feed_seq`) in the order they became visible: the one order the
 * inbox feed and the webhooks' relay read the log in.
 *
 * A transaction's id says when it started, not when it committed, so reading by it means waiting
 * for every older transaction on the whole PostgreSQL server, other databases' included. Here a
 * pass takes a lock (one pass at a time, across instances), then numbers, after the highest number
 * given so far, every row it can see that has none. A row whose transaction commits later is
 * numbered by a later pass, after it; nothing waits for anything but commits, and a reader that has
 * seen number n has seen every number below it (passes commit in order, each whole).
 *
 * Rows one pass sees at once committed in an order nobody recorded; they are numbered by when
 * their transaction started (`created_at`), which is the commit order of changes made one after
 * another, except that a conversation's rows keep their own order (`seq`): a row is never put
 * before an earlier row of its conversation (the running maximum of `created_at` along `seq`).
 */
export async function sequencePass(db: Database): Promise<{ count: number; candidates: string[] }> {
  return db.transaction(async (tx) => {
    // Taken in its own statement, so the update's snapshot (taken when it starts) sees the pass
    // that held the lock before.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEQUENCER_LOCK})`);
    const rows = await selectRows<{ candidate_user_id: string | null }>(
      tx,
      sql`update audit_log a set feed_seq = b.base + o.n
        from (
          select id, row_number() over (order by at, conversation_id, seq, id) as n from (
            select id, conversation_id, seq, case when conversation_id is null then created_at
              else max(created_at) over (partition by conversation_id order by seq) end as at
            from audit_log where feed_seq is null
          ) u order by at, conversation_id, seq, id limit ${PASS_ROWS}
        ) o, (select coalesce(max(feed_seq), 0) as base from audit_log) b
        where a.id = o.id
        returning (select c.candidate_user_id from support_conversations c where c.id = a.conversation_id) as candidate_user_id`,
    );
    const candidates = [...new Set(rows.flatMap((row) => (row.candidate_user_id ? [row.candidate_user_id] : [])))];
    return { count: rows.length, candidates };
  });
}

/** The highest number given so far: where a reader that wants only what comes next starts. */
export async function feedHead(db: Database): Promise<number> {
  const [row] = await selectRows<{ head: string }>(
    db,
    sql`select coalesce(max(feed_seq), 0)::text as head from audit_log`,
  );
  return Number(row?.head ?? 0);
}

export interface Sequencer {
  /**
   * Keeps passes running (after every change heard on the bus, and every second) until the
   * returned release is called; passes stop when nobody holds the sequencer.
   */
  hold(): () => void;
  /** Asks for a pass soon (coalesced with any other request). */
  kick(): void;
  /**
   * Numbers every row committed before the call: a reader that starts "from now" reads the head
   * after this, so older rows are never delivered to it as new.
   */
  catchUp(): Promise<void>;
}

/**
 * One instance's sequencer. After each pass that numbered rows it publishes `sequenced` on the
 * inbox channel (staff feeds, the relay) and on each candidate's own inbox channel whose
 * conversations moved, so a candidate's feed wakes only for its own changes.
 */
export function createSequencer(options: { db: Database; bus: EventBus; log?: Logger }): Sequencer {
  const { db, bus, log } = options;
  let holders = 0;
  let running = false;
  let again = false;
  let lastPassEnded = 0;
  let poll: ReturnType<typeof setInterval> | undefined;
  let unsubscribe: (() => void) | undefined;

  const pass = async () => {
    const done = await sequencePass(db);
    if (done.count === 0) return done;
    bus.publish(channels.inbox, { kind: "sequenced" });
    for (const userId of done.candidates) bus.publish(channels.inboxOf(userId), { kind: "sequenced" });
    return done;
  };
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      let backlog = false;
      do {
        again = false;
        const gap = lastPassEnded + PASS_GAP_MS - Date.now();
        if (!backlog && gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
        backlog = (await pass()).count === PASS_ROWS;
        lastPassEnded = Date.now();
        if (backlog) again = true;
      } while (again && holders > 0);
    } catch (error) {
      // The next poll tries again; an outage is expected to pass and is said elsewhere.
      if (!isDatabaseUnavailable(error)) log?.warn({ err: error }, "audit feed sequencer");
    } finally {
      running = false;
    }
  };
  const kick = () => {
    if (holders > 0) void run();
  };

  return {
    kick,
    async catchUp() {
      while ((await pass()).count === PASS_ROWS);
    },
    hold() {
      holders += 1;
      if (holders === 1) {
        unsubscribe = bus.subscribe(channels.inbox, (message) => {
          if (message.kind === "changed") kick();
        });
        poll = setInterval(kick, POLL_MS);
        poll.unref();
        kick();
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holders -= 1;
        if (holders > 0) return;
        clearInterval(poll);
        unsubscribe?.();
        unsubscribe = undefined;
      };
    },
  };
}
