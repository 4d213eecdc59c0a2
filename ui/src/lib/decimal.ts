/**
 * Money arithmetic on decimal strings ("12.50") in integer cents (`bigint`), so sums never pick
 * up binary floating-point error. Inputs with more than two decimals round half away from zero.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

export class InvalidDecimal extends Error {
  constructor(value: string) {
    super(`Not a decimal amount: "${value}"`);
    this.name = "InvalidDecimal";
  }
}

export function parseCents(value: string): bigint {
  const match = DECIMAL.exec(value.trim().replace(/,/g, ""));
  if (!match) throw new InvalidDecimal(value);
  const [, sign, whole = "0", fraction = ""] = match;
  const padded = (fraction + "000").slice(0, 3);
  const thousandths = BigInt(whole) * 1000n + BigInt(padded);
  // Half-up rounding to cents depends only on the third decimal digit, so later digits are dropped.
  const cents = (thousandths + 5n) / 10n;
  return sign === "-" ? -cents : cents;
}

export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole.toString()}.${fraction}`;
}

/** Sums decimal strings exactly; returns a decimal string with two places. */
export function sumDecimals(values: readonly string[]): string {
  let total = 0n;
  for (const value of values) total += parseCents(value);
  return formatCents(total);
}

const USD = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** "$1,234.50". Invalid input is shown as-is rather than hiding the value. */
export function formatUsd(value: string): string {
  let cents: bigint;
  try {
    cents = parseCents(value);
  } catch {
    return value;
  }
  // Number is exact for any realistic amount (< 2^53 cents); Intl only needs it to format.
  return USD.format(Number(cents) / 100);
}
