import { describe, expect, it } from "vitest";

import type { Schedule } from "./business-hours";
import { isOpen, nextOpening } from "./business-hours";

const weekdays = (from: string, to: string) => [null, ...Array.from({ length: 5 }, () => ({ from, to })), null];
const mexico: Schedule = { timeZone: "America/Mexico_City", weekly: weekdays("09:00", "18:00"), closedDays: ["2026-12-25"] };
const at = (iso: string) => new Date(iso);

describe("business hours at a fixed clock", () => {
  it("are open inside the day's hours, in the schedule's zone", () => {
    expect(isOpen(mexico, at("2026-12-07T15:00:00Z"))).toBe(true); // Monday 09:00 there
    expect(isOpen(mexico, at("2026-12-08T00:00:00Z"))).toBe(false); // Monday 18:00: closing time
    expect(isOpen(mexico, at("2026-12-07T14:59:00Z"))).toBe(false);
    expect(isOpen(mexico, at("2026-12-12T17:00:00Z"))).toBe(false); // Saturday
    expect(isOpen(mexico, at("2026-12-25T17:00:00Z"))).toBe(false); // a closed Friday
  });

  it("say when the team is back: the next day, after the weekend, past closed days", () => {
    expect(nextOpening(mexico, at("2026-12-07T16:00:00Z"))).toEqual(at("2026-12-07T16:00:00Z"));
    expect(nextOpening(mexico, at("2026-12-08T01:00:00Z"))).toEqual(at("2026-12-08T15:00:00Z"));
    expect(nextOpening(mexico, at("2026-12-07T06:00:00Z"))).toEqual(at("2026-12-07T15:00:00Z")); // Monday 00:00
    expect(nextOpening(mexico, at("2026-12-12T01:00:00Z"))).toEqual(at("2026-12-14T15:00:00Z"));
    expect(nextOpening(mexico, at("2026-12-25T02:00:00Z"))).toEqual(at("2026-12-28T15:00:00Z"));
  });

  it("follow daylight-saving changes", () => {
    const madrid: Schedule = { timeZone: "Europe/Madrid", weekly: Array.from({ length: 7 }, () => ({ from: "09:00", to: "17:00" })), closedDays: [] };
    // Saturday 21:00 CET; Sunday 09:00 is already CEST (UTC+2).
    expect(nextOpening(madrid, at("2026-03-28T20:00:00Z"))).toEqual(at("2026-03-29T07:00:00Z"));
    expect(isOpen(madrid, at("2026-03-29T07:30:00Z"))).toBe(true);
    expect(isOpen(madrid, at("2026-03-28T08:30:00Z"))).toBe(true); // 09:30 CET
  });

  it("without any hours the team is never back", () => {
    const never: Schedule = { timeZone: "UTC", weekly: Array.from({ length: 7 }, () => null), closedDays: [] };
    expect(isOpen(never, at("2026-12-07T12:00:00Z"))).toBe(false);
    expect(nextOpening(never, at("2026-12-07T12:00:00Z"))).toBeNull();
  });
});
