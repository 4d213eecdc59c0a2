/**
 * Header account switcher: a menu button showing the active account in its environment colour
 * (DEMO spelled out), with every account as a radio item and a link to manage accounts.
 */
import { useEffect, useId, useRef, useState } from "react";
import type { AccountSummary } from "../lib/api";
import { toAppError } from "../lib/apiFailure";
import { ENVIRONMENT_LABEL, environmentClass } from "../lib/environment";
import { describeError } from "../lib/errors";
import { useAccounts, useSetActiveAccount } from "../lib/queries";
import { EnvironmentBadge } from "../components/EnvironmentBadge";
import { useToast } from "../components/Toasts";
import { useRouter } from "./router";

export function AccountSwitcher() {
  const ids = useId();
  const accounts = useAccounts();
  const setActive = useSetActiveAccount();
  const { navigate } = useRouter();
  const { notify } = useToast();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  const list = accounts.data?.accounts ?? [];
  const active = list.find((a) => a.id === accounts.data?.activeId);

  useEffect(() => {
    if (!open) return;
    const current = menuRef.current?.querySelector<HTMLElement>('[aria-checked="true"]');
    (current ?? menuRef.current?.querySelector<HTMLElement>('[role^="menuitem"]'))?.focus();
    function onPointer(event: MouseEvent) {
      if (!menuRef.current?.contains(event.target as Node) && event.target !== buttonRef.current)
        setOpen(false);
    }
    document.addEventListener("mousedown", onPointer);
    return () => document.removeEventListener("mousedown", onPointer);
  }, [open]);

  function close() {
    setOpen(false);
    buttonRef.current?.focus();
  }

  function choose(account: AccountSummary) {
    close();
    if (account.id === active?.id) return;
    setActive.mutate(account.id, {
      onSuccess: () =>
        notify(
          `Switched to ${account.label} (${ENVIRONMENT_LABEL[account.environment]})`,
          "success",
        ),
      onError: (error) => notify(describeError(toAppError(error)).message, "error"),
    });
  }

  function onMenuKey(event: React.KeyboardEvent<HTMLDivElement>) {
    const items = Array.from(
      menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [],
    );
    const index = items.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (event.key === "ArrowDown") go(index + 1);
    else if (event.key === "ArrowUp") go(index - 1);
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(items.length - 1);
    else if (event.key === "Escape" || event.key === "Tab") {
      event.stopPropagation();
      if (event.key === "Escape") close();
      else setOpen(false);
      return;
    } else return;
    event.preventDefault();
  }

  return (
    <div className="account-switcher">
      <button
        ref={buttonRef}
        type="button"
        className={`switcher-button ${active ? environmentClass(active.environment) : ""}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${ids}-menu`}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
          }
        }}
        data-testid="account-switcher"
      >
        <span className="env-dot" aria-hidden="true" />
        <span className="switcher-text">
          <span className="switcher-label">{active?.label ?? "No account"}</span>
          {active?.companyName && <span className="switcher-company">{active.companyName}</span>}
        </span>
        {active && <EnvironmentBadge kind={active.environment} />}
        <span className="visually-hidden">, switch account</span>
        <span aria-hidden="true" className="chevron">
          ▾
        </span>
      </button>
      {open && (
        <div
          ref={menuRef}
          id={`${ids}-menu`}
          role="menu"
          aria-label="Accounts"
          tabIndex={-1}
          className="menu"
          onKeyDown={onMenuKey}
        >
          {list.map((account) => (
            <button
              key={account.id}
              type="button"
              role="menuitemradio"
              aria-checked={account.id === active?.id}
              tabIndex={-1}
              className={`menu-item ${environmentClass(account.environment)}`}
              onClick={() => choose(account)}
              data-testid={`account-switcher-option-${account.id}`}
            >
              <span className="env-dot" aria-hidden="true" />
              <span className="switcher-text">
                <span className="switcher-label">{account.label}</span>
                <span className="switcher-company">
                  {ENVIRONMENT_LABEL[account.environment]}
                  {account.companyName ? ` · ${account.companyName}` : ""}
                </span>
              </span>
              {account.id === active?.id && <span aria-hidden="true">✓</span>}
            </button>
          ))}
          <div role="separator" className="menu-separator" />
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu-item"
            onClick={() => {
              close();
              navigate({ name: "accounts" });
            }}
            data-testid="account-switcher-manage"
          >
            Manage accounts…
          </button>
        </div>
      )}
    </div>
  );
}
