/** Method select: a combobox button opening a listbox of coloured methods plus a typed custom method. */
import { useEffect, useRef, useState } from "react";
import { ChevronDown } from "lucide-react";
import { methodClass } from "../../ui/MethodBadge";
import { STANDARD_METHODS, normalizeMethod } from "./requestModel";

export function MethodPicker({ value, onChange, readOnly }: { value: string; onChange: (m: string) => void; readOnly: boolean }) {
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState("");
  const [customError, setCustomError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    const i = STANDARD_METHODS.indexOf(value as (typeof STANDARD_METHODS)[number]);
    setActive(i === -1 ? 0 : i);
    list.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open, value]);

  const choose = (m: string) => {
    onChange(m);
    setOpen(false);
    setCustom("");
    setCustomError(null);
    button.current?.focus();
  };

  const submitCustom = () => {
    const m = normalizeMethod(custom);
    if (!m) {
      setCustomError("A method is a single word of letters, digits or !#$%&'*+.^_`|~- (max 32).");
      return;
    }
    choose(m);
  };

  return (
    <div className="method-picker" ref={root}>
      <button
        ref={button}
        type="button"
        role="combobox"
        aria-label="Method"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls="method-listbox"
        className={`method-button ${methodClass(value)}`}
        disabled={readOnly}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span className="truncate">{value}</span>
        <ChevronDown size={14} />
      </button>
      {open && (
        <div className="method-popover">
          <ul
            id="method-listbox"
            ref={list}
            role="listbox"
            aria-label="Methods"
            tabIndex={-1}
            aria-activedescendant={`method-opt-${active}`}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                setActive((a) => (a + (e.key === "ArrowDown" ? 1 : -1) + STANDARD_METHODS.length) % STANDARD_METHODS.length);
              } else if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                choose(STANDARD_METHODS[active]!);
              } else if (e.key === "Escape") {
                e.preventDefault();
                setOpen(false);
                button.current?.focus();
              } else if (e.key === "Tab") {
                // let focus move to the custom method field
              } else if (/^[a-z]$/i.test(e.key)) {
                const i = STANDARD_METHODS.findIndex((m) => m.startsWith(e.key.toUpperCase()));
                if (i !== -1) setActive(i);
              }
            }}
          >
            {STANDARD_METHODS.map((m, i) => (
              <li
                key={m}
                id={`method-opt-${i}`}
                role="option"
                aria-selected={m === value}
                className={`method-option${i === active ? " active" : ""}`}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(m)}
              >
                <span className={methodClass(m)}>{m}</span>
              </li>
            ))}
          </ul>
          <form className="method-custom" onSubmit={(e) => { e.preventDefault(); submitCustom(); }}>
            <input
              className="input"
              aria-label="Custom method"
              aria-invalid={customError ? true : undefined}
              placeholder="Custom, e.g. PURGE"
              value={custom}
              spellCheck={false}
              onChange={(e) => { setCustom(e.target.value.toUpperCase()); setCustomError(null); }}
              onKeyDown={(e) => {
                if (e.key === "Escape") { setOpen(false); button.current?.focus(); }
              }}
            />
            {customError && <div className="field-error" role="alert">{customError}</div>}
          </form>
        </div>
      )}
    </div>
  );
}
