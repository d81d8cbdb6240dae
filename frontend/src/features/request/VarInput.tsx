/**
 * A plain <input> with a highlight layer behind it that colours {{variables}} (known / secret / unresolved) and a
 * tooltip with the value and source of the variable under the mouse. Typing, pasting and fill() hit a real input.
 */
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent, type Ref } from "react";
import { createPortal } from "react-dom";
import { describeVariable, tokenize, type Scope, type VarInfo } from "./variables";

export const ScopeContext = createContext<Scope>({});

export function useScope(): Scope {
  return useContext(ScopeContext);
}

interface Hover {
  info: VarInfo;
  left: number;
  top: number;
}

export function VarInput({
  value, onChange, ariaLabel, placeholder, readOnly, className = "", onKeyDown, onPaste, list, invalid, inputRef, id, describedBy,
}: {
  value: string;
  onChange: (v: string) => void;
  ariaLabel: string;
  placeholder?: string;
  readOnly?: boolean;
  className?: string;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  onPaste?: (e: ClipboardEvent<HTMLInputElement>) => void;
  list?: string;
  invalid?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  id?: string;
  describedBy?: string;
}) {
  const scope = useScope();
  const input = useRef<HTMLInputElement | null>(null);
  const layer = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const segments = useMemo(() => tokenize(value), [value]);
  const hasVars = segments.some((s) => s.kind === "var");

  const syncScroll = useCallback(() => {
    const el = input.current;
    if (el && layer.current) layer.current.style.transform = `translateX(${-el.scrollLeft}px)`;
  }, []);
  useLayoutEffect(syncScroll, [value, syncScroll]);

  const setRefs = (el: HTMLInputElement | null) => {
    input.current = el;
    if (typeof inputRef === "function") inputRef(el);
    else if (inputRef) (inputRef as { current: HTMLInputElement | null }).current = el;
  };

  const onMove = (e: React.MouseEvent) => {
    if (!hasVars || !layer.current) return;
    const spans = layer.current.querySelectorAll<HTMLElement>("[data-var]");
    for (const span of spans) {
      const r = span.getBoundingClientRect();
      if (e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top - 2 && e.clientY <= r.bottom + 2) {
        const name = span.dataset.var!;
        if (hover?.info.name !== name || Math.abs(hover.left - r.left) > 1) {
          setHover({ info: describeVariable(name, scope), left: r.left, top: r.bottom + 6 });
        }
        return;
      }
    }
    if (hover) setHover(null);
  };

  return (
    <div className={`varinput ${className}${invalid ? " invalid" : ""}${readOnly ? " readonly" : ""}`}>
      <div className="varinput-clip" aria-hidden="true">
        <div className="varinput-layer" ref={layer}>
          {segments.map((s) =>
            s.kind === "text" ? (
              <span key={s.start}>{s.text}</span>
            ) : (
              <span key={s.start} data-var={s.name} className={`var var-${describeVariable(s.name, scope).status}`}>{s.text}</span>
            ),
          )}
          {value === "" ? "\u200b" : null}
        </div>
      </div>
      <input
        ref={setRefs}
        id={id}
        className="varinput-input"
        value={value}
        aria-label={ariaLabel}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={placeholder}
        readOnly={readOnly}
        spellCheck={false}
        autoComplete="off"
        list={list}
        onChange={(e) => onChange(e.target.value)}
        onScroll={syncScroll}
        onSelect={syncScroll}
        onKeyUp={syncScroll}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        onBlur={() => setHover(null)}
      />
      {hover && createPortal(<VarTooltip hover={hover} />, document.body)}
    </div>
  );
}

function VarTooltip({ hover }: { hover: Hover }) {
  const { info } = hover;
  const left = Math.min(hover.left, window.innerWidth - 340);
  return (
    <div className={`var-tooltip var-tooltip-${info.status}`} role="tooltip" style={{ left, top: hover.top }}>
      <div className="var-tooltip-name">{`{{${info.name}}}`}</div>
      <div className={info.status === "ok" ? "var-tooltip-value mono" : "var-tooltip-value"}>{info.detail}</div>
      {info.source && <div className="var-tooltip-source">from {info.source}</div>}
    </div>
  );
}
