/**
 * New order: applicants → package and add-ons → review with attestation → result. Everything
 * typed survives errors; the draft (not the attestation) is saved as you go.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { AccountSummary, AddOns, AppError, OrderCatalog, OrderDraft } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import {
  useActiveAccount,
  useDiscardOrderDraft,
  useEmailChecks,
  useOrderCatalog,
} from "../../lib/queries";
import { useDebouncedValue } from "../../lib/useDebouncedValue";
import { useRouter } from "../../app/router";
import { ErrorBanner } from "../../components/ErrorBanner";
import { SkeletonRows } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { ApplicantsEditor } from "./ApplicantsEditor";
import {
  addOnSummary,
  batchReadiness,
  mapFieldErrors,
  newRow,
  NO_ADD_ONS,
  type ApplicantRow,
} from "./applicants";
import { OrderResult } from "./OrderResult";
import { PackagePicker } from "./PackagePicker";
import { ReviewStep } from "./ReviewStep";
import { useDraftSync } from "./useDraftSync";
import { useSubmitOrder } from "./useSubmitOrder";

export function NewOrderScreen() {
  const { account } = useActiveAccount();
  const catalog = useOrderCatalog(account?.id);
  if (!account) return null;
  if (catalog.isPending) return <SkeletonRows rows={4} label="Loading packages" />;
  if (catalog.isError)
    return (
      <ErrorBanner
        error={catalog.error}
        title="Packages could not be loaded"
        onRetry={() => void catalog.refetch()}
      />
    );
  return <NewOrderForm key={account.id} account={account} catalog={catalog.data} />;
}

type Step = "compose" | "review" | "result";

function NewOrderForm({ account, catalog }: { account: AccountSummary; catalog: OrderCatalog }) {
  const { navigate } = useRouter();
  const { notify } = useToast();
  const [rows, setRows] = useState<ApplicantRow[]>([]);
  const [sku, setSku] = useState(catalog.packages[0]?.sku ?? "");
  const [addOns, setAddOns] = useState<AddOns>(NO_ADD_ONS);
  const [step, setStep] = useState<Step>("compose");
  const [rowErrors, setRowErrors] = useState<Map<number, string[]>>(new Map());
  const [packageErrors, setPackageErrors] = useState<string[]>([]);
  const [rejection, setRejection] = useState<{ error: AppError; general: string[] } | null>(null);
  const [readinessMessage, setReadinessMessage] = useState<string | null>(null);
  const stepRef = useRef<HTMLDivElement>(null);
  const discard = useDiscardOrderDraft();

  const inputs = useMemo(() => rows.map((r) => r.input), [rows]);
  const settledInputs = useDebouncedValue(inputs, 200);
  const checks = useEmailChecks(account.id, settledInputs);
  const readiness = batchReadiness(rows, checks.data);

  const restore = useCallback(
    (draft: OrderDraft) => {
      setRows(draft.emails.map(newRow));
      if (catalog.packages.some((p) => p.sku === draft.sku)) setSku(draft.sku);
      setAddOns(draft.addOns);
    },
    [catalog.packages],
  );
  const draft = useDraftSync(
    account.id,
    { sku, emails: inputs, addOns },
    restore,
    step !== "result",
  );

  const submitter = useSubmitOrder({
    onPlaced: (result) => {
      setStep("result");
      discard.mutate(account.id);
      notify(
        result.applicants.length === 1
          ? "Order placed"
          : `${result.applicants.length} orders placed`,
        "success",
      );
    },
    onRejected: (error) => {
      if (error.kind === "validation") {
        const mapped = mapFieldErrors(error.data.fieldErrors, rows.length);
        const byId = new Map<number, string[]>();
        mapped.rows.forEach((messages, index) => {
          const row = rows[index];
          if (row) byId.set(row.id, messages);
        });
        setRowErrors(byId);
        setPackageErrors(mapped.package);
        setRejection({ error, general: mapped.general });
      } else {
        setRejection({ error, general: [] });
      }
      setStep("compose");
    },
  });

  // Move focus to the new step's heading so keyboard and screen-reader users follow along.
  // (Not on first mount: the shell already focuses the screen heading then.)
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    const heading = stepRef.current?.querySelector<HTMLElement>("h2");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }, [step]);

  function clearRowError(id: number) {
    if (!rowErrors.has(id)) return;
    const next = new Map(rowErrors);
    next.delete(id);
    setRowErrors(next);
  }

  function goToReview() {
    if (!readiness.ready) {
      setReadinessMessage(readiness.reason);
      return;
    }
    if (!sku) {
      setReadinessMessage("Choose a package.");
      return;
    }
    setReadinessMessage(null);
    setRejection(null);
    submitter.reset();
    setStep("review");
  }

  function startOver() {
    discard.mutate(account.id, {
      onError: (error) => notify(describeError(toAppError(error)).message, "error"),
    });
    setRows([]);
    setSku(catalog.packages[0]?.sku ?? "");
    setAddOns(NO_ADD_ONS);
    setRowErrors(new Map());
    setPackageErrors([]);
    setRejection(null);
    setReadinessMessage(null);
    submitter.reset();
    setStep("compose");
  }

  const packageName = catalog.packages.find((p) => p.sku === sku)?.name ?? sku;
  const drugName = (panelSku: string) =>
    catalog.drugPanels.find((p) => p.sku === panelSku)?.name ?? panelSku;

  if (step === "result" && submitter.phase.kind === "placed") {
    return (
      <div ref={stepRef}>
        <OrderResult
          result={submitter.phase.result}
          onViewOrders={() => navigate({ name: "orders" })}
          onAnother={startOver}
        />
      </div>
    );
  }

  if (step === "review" && readiness.ready) {
    return (
      <div ref={stepRef}>
        <ReviewStep
          account={account}
          emails={readiness.emails}
          packageName={packageName}
          addOns={addOnSummary(addOns, drugName)}
          phase={submitter.phase}
          onBack={() => setStep("compose")}
          onCheckAgain={() => void submitter.checkAgain()}
          onSubmit={(attestation) =>
            void submitter.submit({
              accountId: account.id,
              sku,
              emails: readiness.emails,
              addOns,
              attestation,
              allowOpenOrderDuplicates: rows.some((r) => r.allowOpenOrder),
            })
          }
        />
      </div>
    );
  }

  const rejectionText = rejection ? describeError(rejection.error) : null;

  return (
    <div ref={stepRef} className="stack new-order">
      {draft.hasDraft && rows.length > 0 && (
        <div className="row draft-bar">
          <span className="muted small">Draft saved on this computer.</span>
          <button
            type="button"
            className="link-button"
            onClick={startOver}
            data-testid="discard-draft"
          >
            Discard draft
          </button>
        </div>
      )}
      {rejection && rejectionText && (
        <div className="banner banner-error" role="alert" data-testid="error-banner">
          <div className="banner-text">
            <strong>{rejectionText.title}</strong>
            <p>{rejectionText.message}</p>
            {rejection.general.map((m) => (
              <p key={m}>{m}</p>
            ))}
          </div>
        </div>
      )}
      {checks.isError && (
        <ErrorBanner
          error={checks.error}
          title="The emails could not be checked"
          onRetry={() => void checks.refetch()}
        />
      )}
      <ApplicantsEditor
        rows={rows}
        checks={checks.data}
        checking={checks.isFetching || settledInputs !== inputs}
        rowErrors={rowErrors}
        onAdd={(emails) => setRows((current) => [...current, ...emails.map(newRow)])}
        onEdit={(id, input) => {
          clearRowError(id);
          setRows((current) =>
            current.map((r) => (r.id === id ? { ...r, input, allowOpenOrder: false } : r)),
          );
        }}
        onRemove={(id) => {
          clearRowError(id);
          setRows((current) => current.filter((r) => r.id !== id));
        }}
        onAllowOpenOrder={(id, allow) =>
          setRows((current) =>
            current.map((r) => (r.id === id ? { ...r, allowOpenOrder: allow } : r)),
          )
        }
      />
      <PackagePicker
        catalog={catalog}
        sku={sku}
        addOns={addOns}
        packageErrors={packageErrors}
        onSku={(next) => {
          setSku(next);
          setPackageErrors([]);
        }}
        onAddOns={setAddOns}
      />
      <div className="row sticky-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={goToReview}
          data-testid="go-to-review"
        >
          Review order
        </button>
        <p className="muted small" aria-live="polite" data-testid="review-blocker">
          {readinessMessage ?? (readiness.ready ? "" : rows.length > 0 ? readiness.reason : "")}
        </p>
      </div>
    </div>
  );
}
