/** The request builder of one tab: header (name, breadcrumb, Save...), method + URL + Send, and the sections. */
import { useMemo, useState } from "react";
import { ChevronRight, Code2, History, ListPlus, Loader2, Save, Send, Square } from "lucide-react";
import { interopApi, type KeyValue, type RequestDoc, type RequestSettings } from "../../api";
import { Tabs, type TabDef } from "../../ui/Tabs";
import { useExecutions } from "../response/executionStore";
import { useTabs, type RequestTab } from "./tabsStore";
import { useChain } from "./folderCache";
import { KeyValueTable } from "./KeyValueTable";
import { MethodPicker } from "./MethodPicker";
import { VarInput } from "./VarInput";
import { BodyEditor } from "./BodyEditor";
import { AuthEditor, inheritedAuth } from "./AuthEditor";
import { parseBulk, serializeBulk } from "./bulkEdit";
import { looksLikeCurl, looksLikeFetch, sectionCounts } from "./requestModel";
import { newRequestDoc } from "./newRequest";
import { toast } from "../../ui/toast";
import { withParams, withUrl } from "./urlParams";
import { COMMON_HEADERS } from "./commonHeaders";

type Section = "params" | "path" | "headers" | "body" | "auth" | "settings";
const sectionByTab = new Map<string, Section>();
const SECTION_NAMES: Record<Section, string> = {
  params: "Params", path: "Path variables", headers: "Headers", body: "Body", auth: "Auth", settings: "Settings",
};

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = isMac ? "⌘" : "Ctrl";

export function Builder({ tab, canEdit, onSave, onSnapshots, onCode, onSend }: {
  tab: RequestTab;
  canEdit: boolean;
  onSave: () => void;
  onSnapshots: () => void;
  onCode: () => void;
  onSend: () => void;
}) {
  const doc = tab.draft;
  const readOnly = !canEdit;
  const update = (d: RequestDoc) => useTabs.getState().updateDraft(tab.key, d);
  const chain = useChain(tab.ws, tab.requestId, tab.parentId);
  const [section, setSectionState] = useState<Section>(() => sectionByTab.get(tab.key) ?? (doc.body.mode !== "none" ? "body" : "params"));
  const setSection = (s: Section) => {
    sectionByTab.set(tab.key, s);
    setSectionState(s);
  };
  const run = useExecutions((s) => s.byTab[tab.key]);
  const busy = run?.phase === "queued" || run?.phase === "running";
  const counts = sectionCounts(doc);
  const inherited = useMemo(() => inheritedAuth(chain), [chain]);

  const sections: TabDef<Section>[] = [
    { id: "params", label: "Params", count: counts.params },
    { id: "path", label: "Path variables", count: counts.path },
    { id: "headers", label: "Headers", count: counts.headers },
    { id: "body", label: "Body", count: counts.body },
    { id: "auth", label: doc.auth.type === "inherit" || doc.auth.type === "noauth" ? "Auth" : <>Auth <span className="dot-on" aria-hidden="true" /></> },
    { id: "settings", label: "Settings" },
  ];

  return (
    <div className="builder">
      <div className="builder-head">
        <nav className="crumbs" aria-label="Location">
          {chain.length ? chain.map(({ node }) => (
            <span key={node.id} className="crumb">
              <span className="truncate">{node.name}</span>
              <ChevronRight size={13} className="faint" />
            </span>
          )) : <span className="crumb"><span className="badge">{tab.requestId ? "…" : "Unsaved"}</span></span>}
          <input className="name-input" aria-label="Request name" value={doc.name} readOnly={readOnly} spellCheck={false}
            onChange={(e) => update({ ...doc, name: e.target.value })}
            onKeyDown={(e) => { if (e.key === "Enter") (e.target as HTMLInputElement).blur(); }} />
        </nav>
        <div className="spacer" />
        <div className="row head-actions">
          {tab.requestId && (
            <button className="btn btn-sm btn-ghost" onClick={onSnapshots} title="Saved versions of this request">
              <History size={14} /> Snapshots
            </button>
          )}
          <button className="btn btn-sm btn-ghost" onClick={onCode} title="Generate code for this request">
            <Code2 size={14} /> Code
          </button>
          {canEdit && (
            <button className="btn btn-sm" onClick={onSave} title={`Save (${MOD}+S)`} aria-keyshortcuts="Control+S Meta+S">
              <Save size={14} /> Save
            </button>
          )}
        </div>
      </div>

      <div className="url-row">
        <div className="url-group">
          <MethodPicker value={doc.method} readOnly={readOnly} onChange={(method) => update({ ...doc, method })} />
          <VarInput
            className="url-input"
            ariaLabel="URL"
            value={doc.url}
            readOnly={readOnly}
            placeholder="Enter a URL (e.g. {{base}}/users/:id?page=1), or paste a cURL command or fetch call"
            onChange={(url) => update(withUrl(doc, url))}
            onPaste={readOnly ? undefined : (e) => {
              // A cURL command or a browser's fetch call pasted into the URL bar fills the whole request (method,
              // headers, body, auth, ...)
              const text = e.clipboardData.getData("text");
              const kind = looksLikeCurl(text) ? "cURL command" : looksLikeFetch(text) ? "fetch call" : null;
              if (!kind) return;
              e.preventDefault();
              (kind === "cURL command" ? interopApi.curlToRequest(text) : interopApi.fetchToRequest(text)).then((r) => {
                update(newRequestDoc({ ...r.request, name: doc.name }));
                toast.success(r.requests > 1 ? `Filled from the first of the ${r.requests} requests in that ${kind}`
                  : `Filled from the ${kind}`);
              }, (err) => toast.error(err));
            }}
          />
        </div>
        {busy ? (
          <button className="btn btn-lg send-btn cancel" aria-label="Cancel request" onClick={() => void useExecutions.getState().cancel(tab.key)}>
            <Loader2 size={15} className="spin" /> Cancel <Square size={11} />
          </button>
        ) : (
          <button className="btn btn-primary btn-lg send-btn" aria-label="Send" title={`Send (${MOD}+Enter)`} aria-keyshortcuts="Control+Enter Meta+Enter"
            onClick={onSend}>
            <Send size={15} /> Send
          </button>
        )}
      </div>

      <Tabs label="Request sections" tabs={sections} value={section} onChange={setSection} />
      <div className="section-body" role="tabpanel" aria-label={SECTION_NAMES[section]}>
        {section === "params" && (
          <>
            <div className="section-title">Query params</div>
            <KeyValueTable label="Param" rows={doc.params} readOnly={readOnly} onChange={(rows) => update(withParams(doc, rows))} />
          </>
        )}
        {section === "path" && (
          <>
            <div className="section-title">Path variables</div>
            <KeyValueTable label="Path variable" rows={doc.path_variables} fixedKeys readOnly={readOnly}
              emptyHint="No path variables. Write a segment like /users/:id in the URL to add one."
              onChange={(path_variables) => update({ ...doc, path_variables })} />
          </>
        )}
        {section === "headers" && <HeadersSection key={tab.key} rows={doc.headers} readOnly={readOnly} onChange={(headers) => update({ ...doc, headers })} />}
        {section === "body" && <BodyEditor ws={tab.ws} doc={doc} onChange={update} readOnly={readOnly} />}
        {section === "auth" && (
          <AuthEditor auth={doc.auth} readOnly={readOnly} inherited={inherited} noParent={!tab.requestId && !tab.parentId}
            onChange={(auth) => update({ ...doc, auth })} />
        )}
        {section === "settings" && <SettingsSection settings={doc.settings} readOnly={readOnly} onChange={(settings) => update({ ...doc, settings })} />}
      </div>
    </div>
  );
}

function HeadersSection({ rows, onChange, readOnly }: { rows: KeyValue[]; onChange: (rows: KeyValue[]) => void; readOnly: boolean }) {
  const [bulk, setBulk] = useState(false);
  const [text, setText] = useState("");
  return (
    <>
      <div className="section-title row">
        <span>Headers</span>
        <div className="spacer" />
        <button type="button" className="btn btn-sm btn-ghost" aria-pressed={bulk} disabled={readOnly && !bulk}
          onClick={() => { if (!bulk) setText(serializeBulk(rows)); setBulk(!bulk); }}>
          <ListPlus size={13} /> {bulk ? "Key-value edit" : "Bulk edit"}
        </button>
      </div>
      {bulk ? (
        <div className="bulk">
          <textarea className="textarea mono bulk-text" aria-label="Bulk edit headers" value={text} readOnly={readOnly} spellCheck={false}
            placeholder={"Accept: application/json\n//X-Disabled: value"}
            onChange={(e) => { setText(e.target.value); onChange(parseBulk(e.target.value, rows)); }} />
          <span className="hint">One header per line as “Key: Value”. Start a line with // to disable it.</span>
        </div>
      ) : (
        <>
          <KeyValueTable label="Header" rows={rows} readOnly={readOnly} onChange={onChange} keyList="common-headers" />
          <datalist id="common-headers">{COMMON_HEADERS.map((h) => <option key={h} value={h} />)}</datalist>
        </>
      )}
    </>
  );
}

function SettingsSection({ settings, onChange, readOnly }: { settings: RequestSettings; onChange: (s: RequestSettings) => void; readOnly: boolean }) {
  const set = <K extends keyof RequestSettings>(k: K, v: RequestSettings[K]) => onChange({ ...settings, [k]: v });
  return (
    <div className="settings-list">
      <SettingRow title="Follow redirects" hint="Follow 3xx responses automatically.">
        <input type="checkbox" className="switch" aria-label="Follow redirects" checked={settings.follow_redirects} disabled={readOnly}
          onChange={(e) => set("follow_redirects", e.target.checked)} />
      </SettingRow>
      <SettingRow title="Max redirects" hint="Stop after this many redirects.">
        <input type="number" className="input setting-num" aria-label="Max redirects" min={0} max={50} value={settings.max_redirects}
          disabled={readOnly || !settings.follow_redirects} onChange={(e) => set("max_redirects", Math.max(0, Number(e.target.value) || 0))} />
      </SettingRow>
      <SettingRow title="Timeout (ms)" hint="Give up when the whole exchange takes longer.">
        <input type="number" className="input setting-num" aria-label="Timeout (ms)" min={1} step={1000} value={settings.timeout_ms} disabled={readOnly}
          onChange={(e) => set("timeout_ms", Math.max(1, Number(e.target.value) || 1))} />
      </SettingRow>
      <SettingRow title="Verify TLS certificates" hint="Refuse servers whose certificate is not valid.">
        <input type="checkbox" className="switch" aria-label="Verify TLS certificates" checked={settings.verify_tls} disabled={readOnly}
          onChange={(e) => set("verify_tls", e.target.checked)} />
      </SettingRow>
      <SettingRow title="HTTP/2" hint="Offer HTTP/2 to servers that support it.">
        <input type="checkbox" className="switch" aria-label="HTTP/2" checked={settings.http2} disabled={readOnly}
          onChange={(e) => set("http2", e.target.checked)} />
      </SettingRow>
    </div>
  );
}

function SettingRow({ title, hint, children }: { title: string; hint: string; children: React.ReactNode }) {
  return (
    <div className="setting-row">
      <div className="col" style={{ gap: 2 }}>
        <span className="setting-title">{title}</span>
        <span className="hint">{hint}</span>
      </div>
      <div className="spacer" />
      {children}
    </div>
  );
}
