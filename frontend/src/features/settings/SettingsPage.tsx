/** /settings: appearance (theme) and what the request runner may reach (egress policy). */
import { useEffect, useState } from "react";
import { Ban, Globe, Laptop, Moon, Network, ShieldCheck, Sun } from "lucide-react";
import { errorMessage, settingsApi, type EgressInfo } from "../../api";
import { useTheme, type ThemeChoice } from "../../stores/theme";
import { egressModeLabel } from "./egress";
import "../account/account.css";
import "../auth/auth.css";
import "./settings.css";

const THEMES: { id: ThemeChoice; label: string; hint: string; icon: typeof Sun }[] = [
  { id: "light", label: "Light", hint: "Bright surfaces, best in daylight.", icon: Sun },
  { id: "dark", label: "Dark", hint: "Easy on the eyes at night.", icon: Moon },
  { id: "system", label: "System", hint: "Follows your operating system.", icon: Laptop },
];

export function SettingsPage() {
  return (
    <div className="pg">
      <header className="pg-head">
        <div className="pg-eyebrow">Preferences</div>
        <h1>Settings</h1>
        <p>How API Playground looks on this device, and which networks your requests may reach.</p>
      </header>
      <Appearance />
      <NetworkAccess />
    </div>
  );
}

function Appearance() {
  const choice = useTheme((s) => s.choice);
  const setChoice = useTheme((s) => s.setChoice);
  return (
    <section className="pg-card" aria-labelledby="set-appearance">
      <div className="pg-card-head">
        <div>
          <h2 id="set-appearance">Appearance</h2>
          <p>Remembered in this browser.</p>
        </div>
      </div>
      <div className="pg-card-body">
        <div role="radiogroup" aria-label="Theme" className="set-themes">
          {THEMES.map((t) => {
            const Icon = t.icon;
            return (
              <label key={t.id} className="set-theme" data-checked={choice === t.id || undefined}>
                <input type="radio" name="theme" value={t.id} checked={choice === t.id} aria-label={t.label}
                  aria-describedby={`set-theme-${t.id}`} onChange={() => setChoice(t.id)} />
                <span className={`set-preview set-preview-${t.id}`} aria-hidden="true">
                  <span className="set-preview-bar" />
                  <span className="set-preview-line" />
                  <span className="set-preview-line short" />
                </span>
                <span className="set-theme-text">
                  <span className="set-theme-name"><Icon size={14} aria-hidden="true" />{t.label}</span>
                  <span id={`set-theme-${t.id}`} className="set-theme-hint">{t.hint}</span>
                </span>
              </label>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function NetworkAccess() {
  const [info, setInfo] = useState<EgressInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    settingsApi.egress().then((i) => live && setInfo(i), (e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="pg-card" aria-labelledby="set-network">
      <div className="pg-card-head">
        <div className="grow">
          <h2 id="set-network">Network access</h2>
          <p>Requests are sent from the server, not from your browser. This is where they are allowed to go.</p>
        </div>
        {info && <span className={`badge ${info.mode === "hosted" ? "badge-accent" : "badge-ok"}`}>{egressModeLabel(info.mode)}</span>}
      </div>
      <div className="pg-card-body">
        {error ? (
          <div className="ap-alert" role="alert">{error}</div>
        ) : !info ? (
          <p className="muted">Loading the network policy…</p>
        ) : (
          <>
            <p className="set-summary">{info.summary}</p>
            <dl className="set-facts">
              <Fact icon={<Network size={16} />} term="Private networks and localhost">
                {info.allow_private_networks
                  ? <span className="badge badge-ok">Reachable</span>
                  : <span className="badge badge-warn">Blocked</span>}
                <span className="muted">
                  {info.allow_private_networks
                    ? "Requests may reach 127.0.0.1, 10.x, 192.168.x and other internal addresses."
                    : "Only public internet addresses can be reached, unless listed below."}
                </span>
              </Fact>
              <Fact icon={<ShieldCheck size={16} />} term="Also allowed">
                {info.allow_cidrs.length + info.allow_hosts.length === 0 ? (
                  <span className="muted">No extra networks or hosts are allow-listed.</span>
                ) : (
                  <span className="set-chips">
                    {info.allow_cidrs.map((c) => <code key={`c-${c}`} className="set-chip">{c}</code>)}
                    {info.allow_hosts.map((h) => <code key={`h-${h}`} className="set-chip">{h}</code>)}
                  </span>
                )}
              </Fact>
              <Fact icon={<Ban size={16} />} term="Always refused">
                <ul className="set-list">
                  {info.always_refused.map((r) => <li key={r}>{r}</li>)}
                </ul>
              </Fact>
              <Fact icon={<Globe size={16} />} term="What is checked">
                <span className="muted">{capitalise(info.checked)}.</span>
              </Fact>
            </dl>
            <p className="hint set-note">
              A refused request fails with a clear error in the response pane; nothing is sent. Ask your administrator
              to change this policy.
            </p>
          </>
        )}
      </div>
    </section>
  );
}

function Fact({ icon, term, children }: { icon: React.ReactNode; term: string; children: React.ReactNode }) {
  return (
    <div className="set-fact">
      <dt><span className="set-fact-icon" aria-hidden="true">{icon}</span>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function capitalise(s: string): string {
  const t = s.trim().replace(/\.$/, "");
  return t.charAt(0).toUpperCase() + t.slice(1);
}
