/**
 * Pure logic for the applicant list of a new order: rows, what each row's problem is in words,
 * whether the batch can go to review, and where server field errors belong.
 */
import type { AddOns, EmailCheck, EmailProblem } from "../../lib/api";
import { describeState } from "../../lib/status";

export interface ApplicantRow {
  id: number;
  input: string;
  /** The coordinator explicitly chose to order again for an email with an open order. */
  allowOpenOrder: boolean;
}

let nextRowId = 1;
export function newRow(input: string): ApplicantRow {
  return { id: nextRowId++, input, allowOpenOrder: false };
}

const SYNTAX_TEXT: Partial<Record<string, string>> = {
  missingAt: "This is missing the @ sign.",
  multipleAt: "This has more than one @ sign.",
  emptyLocalPart: "Nothing comes before the @ sign.",
  emptyDomain: "Nothing comes after the @ sign.",
  containsWhitespace: "Email addresses can't contain spaces.",
  consecutiveDots: "This has two dots in a row.",
  dotAtEdge: "A dot can't start or end the name or domain.",
  domainWithoutDot: "The domain needs a dot, like example.com.",
  invalidDomainLabel: "The domain part isn't valid.",
  ipLiteral: "Use a domain name, not an IP address.",
  nonAsciiLocalPart: "Use only plain letters, digits and . _ + - before the @.",
};

/** What is wrong with an email, in words a coordinator can act on. */
export function problemText(problem: EmailProblem): string {
  switch (problem.kind) {
    case "invalidSyntax":
      return (
        SYNTAX_TEXT[problem.reason.kind] ??
        (problem.reason.kind === "invalidCharacter"
          ? `"${problem.reason.character}" can't be used in an email address.`
          : "This doesn't look like an email address.")
      );
    case "duplicateInBatch":
      return `This email is already in the list (row ${String(problem.firstIndex + 1)}).`;
    case "tooLong":
      return "This email address is too long.";
    case "controlCharacters":
      return "This contains hidden characters; retype it.";
  }
}

/** The check for row `index`, only when it was computed for the row's current text. */
export function checkFor(
  checks: readonly EmailCheck[] | undefined,
  rows: readonly ApplicantRow[],
  index: number,
): EmailCheck | undefined {
  const check = checks?.[index];
  const row = rows[index];
  return check && row && check.input === row.input ? check : undefined;
}

/**
 * Why this applicant needs a confirmation before ordering: an open order exists, or the order
 * list is incomplete so "no open order" cannot be said (the core's words).
 */
export function openOrderText(check: EmailCheck): string | null {
  if (!check.openOrder) return check.openOrderUnchecked ?? null;
  const status = describeState(check.openOrder.state).label.toLowerCase();
  return `${check.email} already has an open order (${check.openOrder.reportKey}, ${status}).`;
}

export type BatchReadiness = { ready: true; emails: string[] } | { ready: false; reason: string };

/** Whether the batch can be reviewed, and the normalised emails to send when it can. */
export function batchReadiness(
  rows: readonly ApplicantRow[],
  checks: readonly EmailCheck[] | undefined,
): BatchReadiness {
  if (rows.length === 0) return { ready: false, reason: "Add at least one applicant email." };
  const emails: string[] = [];
  let problems = 0;
  let unconfirmed = 0;
  let unchecked = 0;
  for (let i = 0; i < rows.length; i++) {
    const check = checkFor(checks, rows, i);
    const row = rows[i];
    if (!check || !row) return { ready: false, reason: "Checking the emails…" };
    if (check.problem) problems++;
    else if ((check.openOrder || check.openOrderUnchecked) && !row.allowOpenOrder) {
      unconfirmed++;
      if (!check.openOrder) unchecked++;
    }
    emails.push(check.email);
  }
  if (problems > 0)
    return {
      ready: false,
      reason: `Fix ${problems} ${problems === 1 ? "email" : "emails"} marked below.`,
    };
  if (unconfirmed > 0)
    return {
      ready: false,
      reason: `Confirm or remove ${unconfirmed} ${unconfirmed === 1 ? "applicant" : "applicants"} who ${unchecked > 0 ? "may already have" : unconfirmed === 1 ? "already has" : "already have"} an open order.`,
    };
  return { ready: true, emails };
}

export interface MappedFieldErrors {
  rows: Map<number, string[]>;
  package: string[];
  general: string[];
}

const EMAIL_FIELD = /^(?:applicant_emails|emails|applicantEmails)(?:\.(\d+)|\[(\d+)\])?$/;
const PACKAGE_FIELD = /^(?:report_sku|sku)$/;

/** Places server field errors (`applicant_emails.2`, `report_sku`, …) on rows and fields. */
export function mapFieldErrors(
  fieldErrors: Partial<Record<string, string[]>>,
  rowCount: number,
): MappedFieldErrors {
  const mapped: MappedFieldErrors = { rows: new Map(), package: [], general: [] };
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (!messages || messages.length === 0) continue;
    const email = EMAIL_FIELD.exec(field);
    const index = email ? (email[1] ?? email[2]) : undefined;
    if (index !== undefined && Number(index) < rowCount) {
      const i = Number(index);
      mapped.rows.set(i, [...(mapped.rows.get(i) ?? []), ...messages]);
    } else if (PACKAGE_FIELD.test(field)) {
      mapped.package.push(...messages);
    } else {
      mapped.general.push(...messages);
    }
  }
  return mapped;
}

export const NO_ADD_ONS: AddOns = {
  drugSku: null,
  mvr: false,
  employment: false,
  education: false,
  blj: false,
  federalCriminal: false,
};

export const ADD_ON_LABELS: readonly {
  key: Exclude<keyof AddOns, "drugSku">;
  label: string;
  hint: string;
}[] = [
  {
    key: "mvr",
    label: "Motor vehicle record (MVR)",
    hint: "Driving record; the applicant adds licence details.",
  },
  { key: "employment", label: "Employment verification", hint: "Confirms past employers." },
  {
    key: "education",
    label: "Education verification",
    hint: "Confirms degrees; school fees may apply.",
  },
  { key: "blj", label: "Bankruptcies, liens and judgments", hint: "Civil financial records." },
  {
    key: "federalCriminal",
    label: "Federal criminal search",
    hint: "U.S. district court records.",
  },
];

/** "Drug test (10-panel), MVR" — the chosen add-ons in words, for review and the journal. */
export function addOnSummary(addOns: AddOns, drugPanelName: (sku: string) => string): string[] {
  const parts: string[] = [];
  if (addOns.drugSku) parts.push(`Drug test (${drugPanelName(addOns.drugSku)})`);
  for (const a of ADD_ON_LABELS) if (addOns[a.key]) parts.push(a.label);
  return parts;
}

/** The attestation sentence; it names the company the order is placed for. */
export function attestationText(companyName: string): string {
  return `I certify that ${companyName} has a permissible purpose under the Fair Credit Reporting Act to order these background checks for employment purposes, will use them only for that purpose, and understands that each applicant's disclosure and written consent will be collected by ClearChecks before any report is prepared.`;
}
