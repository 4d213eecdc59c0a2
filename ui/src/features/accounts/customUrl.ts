/** Checks a custom ClearChecks API address before it is sent to the core. */

/**
 * The same rule the core applies to custom addresses: https, or plain http only for this computer
 * (a local ClearChecks-compatible server such as the simulator). Returns a problem or null.
 */
export function customUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Enter the full API address, e.g. https://clearchecks.example.com/api";
  }
  if (url.protocol === "https:") return null;
  const loopback =
    url.hostname === "localhost" ||
    url.hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
  if (url.protocol === "http:" && loopback) return null;
  return url.protocol === "http:"
    ? "Use an https:// address (plain http is only allowed for this computer)."
    : "The address must start with https://";
}
