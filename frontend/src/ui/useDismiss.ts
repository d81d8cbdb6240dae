import { useEffect, type RefObject } from "react";

/**
 * Close a popover (menu, dropdown, picker) on a mouse press outside `ref` or on Escape; `onKey` sees every other key
 * (arrow navigation). `enabled` false detaches the listeners (a closed dropdown listens to nothing).
 */
export function useDismiss(ref: RefObject<HTMLElement | null>, onDismiss: () => void,
  opts: { enabled?: boolean; onKey?: (e: KeyboardEvent) => void; ignore?: (target: HTMLElement) => boolean } = {}): void {
  const { enabled = true, onKey, ignore } = opts;
  useEffect(() => {
    if (!enabled) return;
    const down = (e: MouseEvent) => {
      const target = e.target as HTMLElement;
      if (ref.current && !ref.current.contains(target) && !ignore?.(target)) onDismiss();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === "Escape") onDismiss();
      else onKey?.(e);
    };
    document.addEventListener("mousedown", down);
    document.addEventListener("keydown", key);
    return () => {
      document.removeEventListener("mousedown", down);
      document.removeEventListener("keydown", key);
    };
  }, [ref, onDismiss, enabled, onKey, ignore]);
}
