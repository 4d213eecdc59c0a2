/**
 * Command palette (Mod+K): a combobox over screens, actions, accounts and orders. Arrow keys move
 * the active option (announced via aria-activedescendant), Enter runs it, Esc closes.
 */
import { useId, useMemo, useRef, useState } from "react";
import { useRouter } from "../../app/router";
import { Modal } from "../../components/Modal";
import { useActiveAccount, useOrders, useSetActiveAccount } from "../../lib/queries";
import { orderItems, rankItems, staticItems, type PaletteItem } from "./paletteItems";

interface CommandPaletteProps {
  onClose: () => void;
  refresh: () => void;
  showShortcuts: () => void;
}

export function CommandPalette({ onClose, refresh, showShortcuts }: CommandPaletteProps) {
  const ids = useId();
  const listId = `${ids}-list`;
  const inputRef = useRef<HTMLInputElement>(null);
  const { navigate } = useRouter();
  const accounts = useActiveAccount();
  const orders = useOrders(accounts.account?.id);
  const setActive = useSetActiveAccount();
  const [query, setQuery] = useState("");
  const [active, setActive_] = useState(0);

  const base = useMemo(
    () =>
      staticItems({
        navigate,
        accounts: accounts.data?.accounts ?? [],
        activeId: accounts.data?.activeId ?? null,
        switchAccount: (id) => setActive.mutate(id),
        refresh,
        showShortcuts,
      }),
    [navigate, accounts.data, setActive, refresh, showShortcuts],
  );

  const results: PaletteItem[] = useMemo(
    () =>
      [
        ...rankItems(base, query),
        ...orderItems(orders.data?.orders ?? [], query, (reportKey) =>
          navigate({ name: "orders", reportKey }),
        ),
      ].slice(0, 40),
    [base, query, orders.data, navigate],
  );
  const activeIndex = Math.min(active, Math.max(0, results.length - 1));
  const activeItem = results[activeIndex];

  function run(item: PaletteItem | undefined) {
    if (!item) return;
    onClose();
    item.run();
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    const last = results.length - 1;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive_(activeIndex >= last ? 0 : activeIndex + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive_(activeIndex <= 0 ? last : activeIndex - 1);
    } else if (event.key === "Home" && event.ctrlKey) {
      event.preventDefault();
      setActive_(0);
    } else if (event.key === "End" && event.ctrlKey) {
      event.preventDefault();
      setActive_(last);
    } else if (event.key === "Enter") {
      event.preventDefault();
      run(activeItem);
    }
  }

  return (
    <Modal
      title="Command palette"
      hideTitle
      onClose={onClose}
      initialFocusRef={inputRef}
      className="palette"
      testId="command-palette"
    >
      <label htmlFor={`${ids}-input`} className="visually-hidden">
        Type a command, a screen, an account, or an applicant's email or report key
      </label>
      <input
        id={`${ids}-input`}
        ref={inputRef}
        className="input palette-input"
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeItem ? `${ids}-${activeItem.id}` : undefined}
        placeholder="Go to, switch account, or find an order by email or report key…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive_(0);
        }}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
        data-testid="palette-input"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Results"
        className="palette-list"
        data-testid="palette-results"
      >
        {results.map((item, index) => {
          const showGroup = index === 0 || results[index - 1]?.group !== item.group;
          return (
            // Keyboard interaction lives on the combobox input (aria-activedescendant pattern).
            // eslint-disable-next-line jsx-a11y/click-events-have-key-events
            <li
              key={item.id}
              id={`${ids}-${item.id}`}
              role="option"
              aria-selected={index === activeIndex}
              className={`palette-option${index === activeIndex ? " is-active" : ""}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => run(item)}
              onMouseMove={() => index !== activeIndex && setActive_(index)}
              data-testid={`palette-option-${item.id}`}
            >
              {showGroup && <span className="palette-group">{item.group}</span>}
              <span className="palette-label">{item.label}</span>
              {item.hint && <span className="palette-hint">{item.hint}</span>}
            </li>
          );
        })}
        {results.length === 0 && (
          <li role="option" aria-selected={false} aria-disabled="true" className="palette-empty">
            Nothing matches “{query}”.
          </li>
        )}
      </ul>
    </Modal>
  );
}
