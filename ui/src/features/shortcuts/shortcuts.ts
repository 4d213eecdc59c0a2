/** The keyboard shortcuts, listed once for the help dialog and matched by `useGlobalShortcuts`. */
export const IS_MAC =
  typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent);
export const MOD_LABEL = IS_MAC ? "⌘" : "Ctrl";

export const SHORTCUTS: readonly { keys: string; description: string }[] = [
  { keys: `${MOD_LABEL}+K`, description: "Open the command palette" },
  { keys: `${MOD_LABEL}+N`, description: "New order" },
  { keys: `${MOD_LABEL}+R`, description: "Refresh orders from ClearChecks" },
  { keys: "/", description: "Search orders" },
  { keys: "↑ ↓ Home End", description: "Move between orders" },
  { keys: "Enter", description: "Open the selected order" },
  { keys: "Esc", description: "Close the order panel or a dialog" },
  { keys: `${MOD_LABEL}+Enter`, description: "Add pasted emails to a new order" },
  {
    keys: `${MOD_LABEL}+Q`,
    description: "Quit ClearChecks (closing the window keeps it in the tray)",
  },
  { keys: "?", description: "Show this list" },
];

export function isModKey(event: KeyboardEvent): boolean {
  return IS_MAC ? event.metaKey : event.ctrlKey;
}

export function isTypingTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    target.closest("input, textarea, select, [contenteditable='true']") !== null
  );
}
