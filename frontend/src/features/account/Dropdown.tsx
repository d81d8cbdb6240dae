/**
 * A button that opens a menu just below it (top-bar menus). Arrow keys move, Escape closes and returns focus to the
 * button, a click outside or Tab closes.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { focusStep } from "../../ui/Menu";
import "./account.css";

export function Dropdown({ buttonLabel, buttonClass, buttonContent, menuLabel, align = "start", onOpen, className, children }: {
  className?: string;
  buttonLabel: string;
  buttonClass?: string;
  buttonContent: ReactNode;
  menuLabel: string;
  align?: "start" | "end";
  onOpen?: () => void;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const close = useCallback((focusBack = true) => {
    setOpen(false);
    if (focusBack) button.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    const root = wrap.current;
    const items = () => Array.from(root?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? []);
    items()[0]?.focus();
    const onDown = (e: MouseEvent) => {
      if (root && !root.contains(e.target as Node)) close(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        close();
      } else if (e.key === "Tab") {
        close(false);
      } else {
        focusStep(items(), e);
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, close]);

  return (
    <div className={className ? `dd ${className}` : "dd"} ref={wrap}>
      <button
        ref={button}
        type="button"
        className={buttonClass}
        aria-label={buttonLabel}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          if (!open) onOpen?.();
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && !open) {
            e.preventDefault();
            onOpen?.();
            setOpen(true);
          }
        }}
      >
        {buttonContent}
      </button>
      {open && (
        <div className={`dd-menu dd-${align}`} role="menu" aria-label={menuLabel}>
          {children(() => close())}
        </div>
      )}
    </div>
  );
}
