/** A secret shown once (new API key, invitation link): the value, a Copy button and a warning. */
import { useState } from "react";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { copyText } from "../../ui/clipboard";
import "./account.css";

export function OnceSecret({ title, value, testId, warning, onDismiss }: {
  title: string;
  value: string;
  testId: string;
  warning: string;
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="once" role="region" aria-label={title}>
      <div className="once-head">
        <Check size={16} aria-hidden="true" className="once-ok" />
        <strong>{title}</strong>
      </div>
      <div className="once-row">
        <code className="once-value" data-testid={testId}>{value}</code>
        <button type="button" className="btn" onClick={async () => {
          const ok = await copyText(value);
          setCopied(ok);
          if (ok) setTimeout(() => setCopied(false), 2000);
        }}>
          {copied ? <Check size={14} aria-hidden="true" /> : <Copy size={14} aria-hidden="true" />}
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <div className="once-foot">
        <span className="once-warn"><TriangleAlert size={14} aria-hidden="true" />{warning}</span>
        <button type="button" className="btn btn-sm btn-ghost" onClick={onDismiss}>Done</button>
      </div>
    </div>
  );
}
