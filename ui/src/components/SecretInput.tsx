/** A masked input for API tokens and keys with a show/hide toggle. The value never leaves the form. */
import { useId, useState } from "react";

interface SecretInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
  hint?: string;
  error?: string | null;
  required?: boolean;
  placeholder?: string;
  autoFocus?: boolean;
}

export function SecretInput({
  label,
  value,
  onChange,
  testId,
  hint,
  error,
  required,
  placeholder,
}: SecretInputProps) {
  const id = useId();
  const [visible, setVisible] = useState(false);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-with-button">
        <input
          id={id}
          type={visible ? "text" : "password"}
          className="input mono"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          required={required}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          data-testid={testId}
        />
        <button
          type="button"
          className="button button-ghost"
          onClick={() => setVisible((v) => !v)}
          aria-pressed={visible}
          aria-controls={id}
        >
          {visible ? "Hide" : "Show"}
        </button>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
