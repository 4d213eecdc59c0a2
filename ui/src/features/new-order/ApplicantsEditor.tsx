/**
 * Applicant emails: a paste area and CSV import (both split by the core's parser), then one
 * editable row per applicant showing its problem in words, with remove and an explicit override
 * for applicants who already have an open order.
 */
import { useId, useRef, useState } from "react";
import type { EmailCheck } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useSplitEmails } from "../../lib/queries";
import { checkFor, openOrderText, problemText, type ApplicantRow } from "./applicants";

interface ApplicantsEditorProps {
  rows: readonly ApplicantRow[];
  checks: readonly EmailCheck[] | undefined;
  checking: boolean;
  rowErrors: ReadonlyMap<number, string[]>;
  onAdd: (emails: string[]) => void;
  onEdit: (id: number, input: string) => void;
  onRemove: (id: number) => void;
  onAllowOpenOrder: (id: number, allow: boolean) => void;
}

export function ApplicantsEditor({
  rows,
  checks,
  checking,
  rowErrors,
  onAdd,
  onEdit,
  onRemove,
  onAllowOpenOrder,
}: ApplicantsEditorProps) {
  const ids = useId();
  const [paste, setPaste] = useState("");
  const split = useSplitEmails();
  const fileRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);

  function addText(text: string, clearPaste: boolean) {
    if (text.trim() === "" || split.isPending) return;
    split.mutate(text, {
      onSuccess: (emails) => {
        onAdd(emails);
        if (clearPaste) setPaste("");
      },
    });
  }

  async function importFile(file: File) {
    addText(await file.text(), false);
    if (fileRef.current) fileRef.current.value = "";
  }

  function removeAndRefocus(index: number, id: number) {
    onRemove(id);
    // Keep keyboard users in the list: focus the next row's input (or the previous one).
    window.setTimeout(() => {
      const inputs = listRef.current?.querySelectorAll<HTMLInputElement>("input[type='email']");
      const target = inputs?.[Math.min(index, (inputs.length || 1) - 1)];
      target?.focus();
    }, 0);
  }

  return (
    <section className="card stack" aria-labelledby={`${ids}-title`}>
      <div className="section-head">
        <h2 id={`${ids}-title`}>Applicants</h2>
        <p className="muted">
          Each applicant gets an email from ClearChecks to give their details and consent. You only
          need their email address.
        </p>
      </div>

      <div className="field">
        <label htmlFor={`${ids}-paste`}>Paste emails</label>
        <textarea
          id={`${ids}-paste`}
          className="input textarea mono"
          rows={3}
          value={paste}
          placeholder={
            "ada@example.com, grace@example.com\nor one per line, or copied from a spreadsheet"
          }
          onChange={(e) => setPaste(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              addText(paste, true);
            }
          }}
          aria-describedby={`${ids}-paste-hint`}
          data-testid="new-order-paste"
        />
        <p id={`${ids}-paste-hint`} className="hint">
          Press Ctrl+Enter (⌘+Enter on Mac) or “Add to list”.
        </p>
      </div>
      <div className="row">
        <button
          type="button"
          className="button"
          onClick={() => addText(paste, true)}
          disabled={paste.trim() === "" || split.isPending}
          data-testid="new-order-add"
        >
          Add to list
        </button>
        <label className="button button-ghost file-button">
          Import CSV file…
          <input
            ref={fileRef}
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            className="visually-hidden"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importFile(file);
            }}
            data-testid="new-order-import"
          />
        </label>
        {checking && <span className="muted small">Checking emails…</span>}
      </div>
      {split.isError && (
        <p className="field-error" role="alert">
          {describeError(toAppError(split.error)).message}
        </p>
      )}

      {rows.length > 0 && (
        <ol
          ref={listRef}
          className="applicant-list"
          aria-label="Applicant emails"
          data-testid="applicant-rows"
        >
          {rows.map((row, index) => {
            const check = checkFor(checks, rows, index);
            const problem = check?.problem ? problemText(check.problem) : null;
            const openOrder = check && !check.problem ? openOrderText(check) : null;
            const serverErrors = rowErrors.get(row.id) ?? [];
            const messageId = `${ids}-row-${row.id}-msg`;
            const invalid = problem !== null || serverErrors.length > 0;
            return (
              <li
                key={row.id}
                className={`applicant-row${invalid ? " is-invalid" : openOrder ? " is-warning" : ""}`}
                data-testid={`applicant-row-${index}`}
              >
                <div className="applicant-main">
                  <span className="row-number" aria-hidden="true">
                    {index + 1}
                  </span>
                  <label htmlFor={`${ids}-row-${row.id}`} className="visually-hidden">
                    Applicant {index + 1} email
                  </label>
                  <input
                    id={`${ids}-row-${row.id}`}
                    type="email"
                    className="input mono"
                    value={row.input}
                    onChange={(e) => onEdit(row.id, e.target.value)}
                    aria-invalid={invalid || undefined}
                    aria-describedby={
                      problem || openOrder || serverErrors.length ? messageId : undefined
                    }
                    data-testid={`applicant-input-${index}`}
                  />
                  <button
                    type="button"
                    className="button button-ghost button-small"
                    onClick={() => removeAndRefocus(index, row.id)}
                    aria-label={`Remove applicant ${index + 1}${row.input ? ` (${row.input})` : ""}`}
                    data-testid={`applicant-remove-${index}`}
                  >
                    Remove
                  </button>
                </div>
                <div id={messageId} className="applicant-messages">
                  {problem && (
                    <p className="field-error" data-testid={`applicant-problem-${index}`}>
                      {problem}
                    </p>
                  )}
                  {serverErrors.map((message) => (
                    <p
                      key={message}
                      className="field-error"
                      data-testid={`applicant-server-error-${index}`}
                    >
                      {message}
                    </p>
                  ))}
                  {openOrder && (
                    <div
                      className="open-order-warning"
                      data-testid={`applicant-open-order-${index}`}
                    >
                      <p className="warning-text">{openOrder}</p>
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={row.allowOpenOrder}
                          onChange={(e) => onAllowOpenOrder(row.id, e.target.checked)}
                          data-testid={`applicant-override-${index}`}
                        />
                        {check?.openOrder
                          ? "Order another check for this applicant anyway"
                          : "Order for this applicant anyway"}
                      </label>
                    </div>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
