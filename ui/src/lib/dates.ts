/** Date formatting and small time arithmetic for tables (all in the user's local time zone). */

const DAY_MS = 86_400_000;

const DATE = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric" });
const DATE_TIME = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
});
const MONTH = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric" });

export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

export function formatDate(iso: string | null | undefined): string {
  const ms = parseTime(iso);
  return ms === null ? "—" : DATE.format(ms);
}

export function formatDateTime(iso: string | null | undefined): string {
  const ms = parseTime(iso);
  return ms === null ? "—" : DATE_TIME.format(ms);
}

/**
 * A date ClearChecks sent that could not be read: "Unknown date (31/12/2025 14:00)", never an
 * empty cell that would look like "no date".
 */
export function unknownDate(raw: string): string {
  return `Unknown date (${raw})`;
}

/** `formatDate`, or the unreadable raw value as an unknown date. */
export function formatDateOrRaw(iso: string | null | undefined, unreadable: string | null): string {
  if (!iso && unreadable !== null) return unknownDate(unreadable);
  return formatDate(iso);
}

/** `formatDateTime`, or the unreadable raw value as an unknown date. */
export function formatDateTimeOrRaw(
  iso: string | null | undefined,
  unreadable: string | null,
): string {
  if (!iso && unreadable !== null) return unknownDate(unreadable);
  return formatDateTime(iso);
}

/** "2026-10" → "October 2026"; anything else is returned unchanged. */
export function formatPeriod(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  return MONTH.format(new Date(Number(match[1]), Number(match[2]) - 1, 1));
}

/** Whole days between `from` and `to` (or now), never negative; null without a start date. */
export function daysBetween(fromMs: number | null, toMs: number): number | null {
  if (fromMs === null) return null;
  return Math.max(0, Math.floor((toMs - fromMs) / DAY_MS));
}

/** "just now", "2 min ago", "3 h ago", "yesterday", or a date. */
export function formatRelative(iso: string | null | undefined, now: number): string {
  const ms = parseTime(iso);
  if (ms === null) return "never";
  const seconds = Math.round((now - ms) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  return DATE.format(ms);
}

const CLOCK = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const DAY_AND_CLOCK = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

/** "14:02" today, "2 Dec, 14:02" another day, "an earlier session" without a time. */
export function formatClock(iso: string | null | undefined, now: number): string {
  const ms = parseTime(iso);
  if (ms === null) return "an earlier session";
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();
  return sameDay ? CLOCK.format(ms) : DAY_AND_CLOCK.format(ms);
}
