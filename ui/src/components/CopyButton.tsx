/** Copies a value to the clipboard and confirms it, without showing the value in a toast. */
import { useToast } from "./Toasts";

export function CopyButton({
  value,
  label,
  testId,
}: {
  value: string;
  label: string;
  testId?: string;
}) {
  const { notify } = useToast();
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      notify(`${label} copied`, "success");
    } catch {
      notify(`Could not copy the ${label.toLowerCase()}. Select it and press Ctrl+C.`, "error");
    }
  }
  return (
    <button
      type="button"
      className="button button-small"
      onClick={() => void copy()}
      aria-label={`Copy ${label.toLowerCase()}`}
      data-testid={testId}
    >
      Copy
    </button>
  );
}
