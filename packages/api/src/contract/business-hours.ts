/**
 * The team's business hours as plain data, and what they say about a moment. Pure and free of
 * Node: the candidate's chat runs the same functions in the browser, on the browser's clock.
 */
export interface Schedule {
  /** IANA zone the hours are in ("America/Mexico_City"). */
  timeZone: string;
  /** Sunday first (as `Date.getDay`): each day's opening hours ("09:00"–"18:00", "24:00" is midnight), or closed. */
  weekly: ({ from: string; to: string } | null)[];
  /** Whole days closed ("2026-12-25"), in the schedule's zone. */
  closedDays: string[];
}

export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The wall clock in `timeZone` at `at`: its date, weekday and minutes since midnight. */
export function wallClock(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  const [hour, minute, second] = [Number(parts.hour), Number(parts.minute), Number(parts.second)];
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    dow: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
    minutes: hour * 60 + minute,
    /** The same wall time read as if it were UTC: its difference from `at` is the zone's offset. */
    asUtc: Date.UTC(year, month - 1, day, hour, minute, second),
  };
}

/** The moment the wall clock in `timeZone` shows `minutes` past midnight of `date`. */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const guess = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 0, minutes);
  const offset = (at: number) => wallClock(new Date(at), timeZone).asUtc - Math.floor(at / 1000) * 1000;
  const first = guess - offset(guess);
  // Across a daylight-saving change the offset at the answer may differ from the guess's.
  return new Date(guess - offset(first));
}

/** Whether the team works at `at`. */
export function isOpen(schedule: Schedule, at: Date): boolean {
  const { date, dow, minutes } = wallClock(at, schedule.timeZone);
  if (schedule.closedDays.includes(date)) return false;
  const hours = schedule.weekly[dow];
  return Boolean(hours && minutes >= minutesOf(hours.from) && minutes < minutesOf(hours.to));
}

/** When the team is next at work after `at` (`at` itself while open); null if never within a year. */
export function nextOpening(schedule: Schedule, at: Date): Date | null {
  if (isOpen(schedule, at)) return at;
  const today = wallClock(at, schedule.timeZone).date;
  const [y, m, d] = today.split("-").map(Number);
  for (let i = 0; i <= 370; i++) {
    const day = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + i));
    const date = day.toISOString().slice(0, 10);
    const hours = schedule.weekly[day.getUTCDay()];
    if (!hours || schedule.closedDays.includes(date)) continue;
    const opens = zonedInstant(date, minutesOf(hours.from), schedule.timeZone);
    if (opens > at) return opens;
  }
  return null;
}
