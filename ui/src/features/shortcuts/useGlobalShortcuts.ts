/**
 * App-wide shortcuts: palette (Mod+K), new order (Mod+N), refresh (Mod+R — also stops the webview
 * from reloading the page), quit (Mod+Q: closing the window only hides it), and the shortcuts
 * list (?).
 */
import { useEffect, useRef } from "react";
import { isModKey, isTypingTarget } from "./shortcuts";

export interface ShortcutHandlers {
  openPalette: () => void;
  newOrder: () => void;
  refresh: () => void;
  showShortcuts: () => void;
  quit: () => void;
}

export function useGlobalShortcuts(handlers: ShortcutHandlers) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const key = event.key.toLowerCase();
      if (isModKey(event) && !event.altKey && !event.shiftKey) {
        if (key === "k") {
          event.preventDefault();
          ref.current.openPalette();
        } else if (key === "n") {
          event.preventDefault();
          ref.current.newOrder();
        } else if (key === "r") {
          event.preventDefault();
          ref.current.refresh();
        } else if (key === "q") {
          event.preventDefault();
          ref.current.quit();
        }
        return;
      }
      if (
        event.key === "?" &&
        !isTypingTarget(event.target) &&
        !document.querySelector('[aria-modal="true"]')
      ) {
        event.preventDefault();
        ref.current.showShortcuts();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
