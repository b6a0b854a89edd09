/**
 * Every message of the soak, from its send to its arrival at the other side of the conversation,
 * across any number of disconnects: each receiver must see each message exactly once.
 */
export class Ledger {
  /** receiver → clientMessageId → arrivals so far. */
  private readonly expected = new Map<string, Map<string, number>>();
  /** Sends that failed: their fate is unknown, so an arrival is neither lost nor a stranger. */
  private readonly failedIds = new Set<string>();
  sent = 0;
  duplicates = 0;
  strangers = 0;
  errors = 0;
  firstError: string | undefined;

  /** Recorded before the send: its arrival may come back before the send's own answer. */
  expect(receiverId: string, clientMessageId: string) {
    this.sent += 1;
    let mine = this.expected.get(receiverId);
    if (!mine) this.expected.set(receiverId, (mine = new Map<string, number>()));
    mine.set(clientMessageId, 0);
  }

  failed(receiverId: string, clientMessageId: string, error: unknown) {
    this.expected.get(receiverId)?.delete(clientMessageId);
    this.failedIds.add(clientMessageId);
    this.error(`send ${clientMessageId}`, error);
  }

  error(what: string, error: unknown) {
    this.errors += 1;
    this.firstError ??= `${what}: ${error instanceof Error ? error.message : String(error)}`;
  }

  arrived(receiverId: string, clientMessageId: string) {
    const seen = this.expected.get(receiverId)?.get(clientMessageId);
    if (seen === undefined) {
      if (!this.failedIds.has(clientMessageId)) this.strangers += 1;
      return;
    }
    if (seen > 0) this.duplicates += 1;
    this.expected.get(receiverId)?.set(clientMessageId, seen + 1);
  }

  /** Sent (and not failed) but not yet seen by their receiver. */
  missing(): number {
    let missing = 0;
    for (const ids of this.expected.values())
      for (const seen of ids.values()) if (seen === 0) missing += 1;
    return missing;
  }

  /** Waits until nothing is missing, or `timeoutMs` passed. */
  async drain(timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (this.missing() > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
