/**
 * The signed-in frame: skip link, sidebar navigation, header (account switcher, sync state,
 * palette button), the current screen, and the app-wide dialogs and shortcuts.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { useActiveAccount, useAppInfo } from "../lib/queries";
import { api } from "../lib/api";
import { CommandPalette } from "../features/palette/CommandPalette";
import { useRefreshActiveOrders } from "../features/orders/useRefreshOrders";
import { ShortcutsDialog } from "../features/shortcuts/ShortcutsDialog";
import { MOD_LABEL } from "../features/shortcuts/shortcuts";
import { UpdateBanner } from "../features/updates/UpdateBanner";
import { useGlobalShortcuts } from "../features/shortcuts/useGlobalShortcuts";
import { AccountSwitcher } from "./AccountSwitcher";
import { CurrentScreen } from "./CurrentScreen";
import { SCREEN_TITLES, useRouter, type ScreenName } from "./router";
import { SyncIndicator } from "./SyncIndicator";
import { useLiveEvents } from "./useLiveEvents";

const NAV: readonly { name: ScreenName; shortcut?: string }[] = [
  { name: "orders" },
  { name: "newOrder", shortcut: `${MOD_LABEL}+N` },
  { name: "invoices" },
  { name: "journal" },
  { name: "accounts" },
  { name: "settings" },
];

export function Shell() {
  const { route, navigate } = useRouter();
  const { account, data: overview } = useActiveAccount();
  const appInfo = useAppInfo();
  const { refresh } = useRefreshActiveOrders();
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const previousScreen = useRef(route.name);

  useLiveEvents(overview?.activeId);

  const showShortcuts = useCallback(() => setShortcutsOpen(true), []);
  useGlobalShortcuts({
    openPalette: () => setPaletteOpen(true),
    newOrder: () => navigate({ name: "newOrder" }),
    refresh,
    showShortcuts,
    quit: () => void api.quitApp().catch(() => undefined),
  });

  // Move focus to the screen heading when the screen changes so screen readers announce it.
  // (Opening or closing an order's panel is not a screen change: focus is handled there.)
  useEffect(() => {
    if (previousScreen.current === route.name) return;
    previousScreen.current = route.name;
    headingRef.current?.focus();
  }, [route.name]);

  const demo = account?.environment === "demo";
  return (
    <div className={`shell${demo ? " is-demo" : ""}`}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">ClearChecks</span>
        </div>
        <ul className="nav-list">
          {NAV.map((item) => {
            const current = route.name === item.name;
            return (
              <li key={item.name}>
                <a
                  href={`#${item.name}`}
                  className={`nav-link${current ? " is-current" : ""}`}
                  aria-current={current ? "page" : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate({ name: item.name });
                  }}
                  data-testid={`nav-${item.name}`}
                >
                  <span>{SCREEN_TITLES[item.name]}</span>
                  {item.shortcut && <kbd className="nav-kbd">{item.shortcut}</kbd>}
                </a>
              </li>
            );
          })}
        </ul>
        <div className="sidebar-foot">
          <button
            type="button"
            className="link-button small"
            onClick={showShortcuts}
            data-testid="open-shortcuts"
          >
            Keyboard shortcuts <kbd>?</kbd>
          </button>
          {appInfo.data && (
            <span className="muted small" data-testid="app-version">
              Version {appInfo.data.version}
            </span>
          )}
        </div>
      </nav>
      <div className="workspace">
        <header className="topbar">
          <AccountSwitcher />
          {demo && (
            <span className="demo-banner" data-testid="demo-badge">
              DEMO — sample data, nothing is billed
            </span>
          )}
          <div className="topbar-end">
            <SyncIndicator accountId={account?.id} />
            <button
              type="button"
              className="button button-ghost palette-trigger"
              onClick={() => setPaletteOpen(true)}
              aria-keyshortcuts="Control+K Meta+K"
              data-testid="open-palette"
            >
              Search or jump to… <kbd>{MOD_LABEL}+K</kbd>
            </button>
          </div>
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <h1 ref={headingRef} tabIndex={-1} className="screen-title" data-testid="screen-title">
            {SCREEN_TITLES[route.name]}
          </h1>
          <UpdateBanner />
          <CurrentScreen />
        </main>
      </div>
      {paletteOpen && (
        <CommandPalette
          onClose={() => setPaletteOpen(false)}
          refresh={refresh}
          showShortcuts={showShortcuts}
        />
      )}
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
    </div>
  );
}
