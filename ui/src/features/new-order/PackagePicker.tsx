/** Package choice (from the account's catalogue) and add-ons, including the drug-test panel. */
import { useId } from "react";
import type { AddOns, OrderCatalog } from "../../lib/api";
import { ADD_ON_LABELS } from "./applicants";

interface PackagePickerProps {
  catalog: OrderCatalog;
  sku: string;
  addOns: AddOns;
  packageErrors: readonly string[];
  onSku: (sku: string) => void;
  onAddOns: (addOns: AddOns) => void;
}

export function PackagePicker({
  catalog,
  sku,
  addOns,
  packageErrors,
  onSku,
  onAddOns,
}: PackagePickerProps) {
  const ids = useId();
  const firstPanel = catalog.drugPanels[0]?.sku ?? null;
  return (
    <section className="card stack" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Package</h2>
      <fieldset
        className="fieldset"
        aria-describedby={packageErrors.length ? `${ids}-err` : undefined}
      >
        <legend className="visually-hidden">Package</legend>
        <div className="package-grid">
          {catalog.packages.map((p) => (
            <label key={p.sku} className={`package-card${sku === p.sku ? " is-selected" : ""}`}>
              <input
                type="radio"
                name={`${ids}-sku`}
                value={p.sku}
                checked={sku === p.sku}
                onChange={() => onSku(p.sku)}
                data-testid={`package-${p.sku}`}
              />
              <span className="package-name">{p.name}</span>
              <span className="package-desc">{p.description}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {packageErrors.length > 0 && (
        <p id={`${ids}-err`} className="field-error" role="alert">
          {packageErrors.join(" ")}
        </p>
      )}

      <fieldset className="fieldset stack-tight">
        <legend>Add-ons</legend>
        <div className="addon-row">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={addOns.drugSku !== null}
              disabled={firstPanel === null}
              onChange={(e) =>
                onAddOns({ ...addOns, drugSku: e.target.checked ? firstPanel : null })
              }
              data-testid="addon-drug"
            />
            Drug test
          </label>
          {addOns.drugSku !== null && (
            <>
              <label htmlFor={`${ids}-panel`} className="visually-hidden">
                Drug test panel
              </label>
              <select
                id={`${ids}-panel`}
                className="input select"
                value={addOns.drugSku}
                onChange={(e) => onAddOns({ ...addOns, drugSku: e.target.value })}
                data-testid="addon-drug-panel"
              >
                {catalog.drugPanels.map((panel) => (
                  <option key={panel.sku} value={panel.sku}>
                    {panel.name}
                  </option>
                ))}
              </select>
            </>
          )}
        </div>
        {ADD_ON_LABELS.map((a) => (
          <label key={a.key} className="checkbox">
            <input
              type="checkbox"
              checked={addOns[a.key]}
              onChange={(e) => onAddOns({ ...addOns, [a.key]: e.target.checked })}
              data-testid={`addon-${a.key}`}
            />
            <span>
              {a.label} <span className="muted small">— {a.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}
