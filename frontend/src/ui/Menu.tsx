import { useCallback, useEffect, useRef, type ReactNode } from "react";
import { useDismiss } from "./useDismiss";

export interface MenuItem {
  label: string;
  icon?: ReactNode;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
  separatorBefore?: boolean;
}

/** A context or dropdown menu at (x, y): arrow keys move, Enter selects, Escape or a click outside closes. */
export function Menu({ x, y, items, onClose, label }: { x: number; y: number; items: MenuItem[]; onClose: () => void; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, []);
  const onKey = useCallback((e: KeyboardEvent) => {
    const buttons = Array.from(ref.current?.querySelectorAll<HTMLButtonElement>("button:not(:disabled)") ?? []);
    focusStep(buttons, e);
  }, []);
  useDismiss(ref, onClose, { onKey });
  const left = Math.min(x, window.innerWidth - 200);
  const top = Math.min(y, window.innerHeight - items.length * 32 - 16);
  return (
    <div className="menu" role="menu" aria-label={label} ref={ref} style={{ left, top }}>
      {items.map((item) => (
        <div key={item.label}>
          {item.separatorBefore && <div className="menu-sep" />}
          <button role="menuitem" className={`menu-item${item.danger ? " danger" : ""}`} disabled={item.disabled}
            onClick={() => { onClose(); item.onSelect(); }}>
            {item.icon}
            {item.label}
          </button>
        </div>
      ))}
    </div>
  );
}

/** Arrow keys (and Home/End) move the focus through `items`, wrapping around; other keys are left alone. */
export function focusStep(items: HTMLElement[], e: KeyboardEvent): void {
  if (!items.length || !["ArrowDown", "ArrowUp", "Home", "End"].includes(e.key)) return;
  e.preventDefault();
  const i = items.indexOf(document.activeElement as HTMLElement);
  const n = e.key === "Home" ? 0 : e.key === "End" ? items.length - 1
    : (i + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
  items[n]?.focus();
}
