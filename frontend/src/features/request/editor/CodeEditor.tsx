/**
 * CodeMirror 6 editor for request bodies (lazy loaded: import it with React.lazy so it stays out of the entry chunk).
 * JSON highlighting and lint ({{var}} placeholders tolerated), line numbers, folding, bracket matching; colours come
 * from the design tokens (CSS variables), so it follows the light/dark theme without reconfiguring.
 */
import { useEffect, useRef } from "react";
import { basicSetup } from "codemirror";
import { Compartment, EditorState, Prec, type Extension } from "@codemirror/state";
import { Decoration, EditorView, MatchDecorator, ViewPlugin, keymap, placeholder as placeholderExt, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { indentWithTab } from "@codemirror/commands";
import { linter, type Diagnostic } from "@codemirror/lint";
import { json } from "@codemirror/lang-json";
import { xml } from "@codemirror/lang-xml";
import { tags as t } from "@lezer/highlight";
import { jsonError } from "../requestModel";
import { describeVariable, type Scope } from "../variables";

export type EditorLanguage = "json" | "xml" | "text" | "graphql";

export interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  language: EditorLanguage;
  ariaLabel: string;
  readOnly?: boolean;
  scope?: Scope;
  placeholder?: string;
  minHeight?: number;
}

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "12.5px", backgroundColor: "var(--bg-elev)", color: "var(--text)" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.55" },
  ".cm-content": { caretColor: "var(--text)", padding: "6px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)" },
  ".cm-gutters": { backgroundColor: "var(--bg-elev)", color: "var(--text-faint)", border: "none", borderRight: "1px solid var(--border)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--bg-hover)", color: "var(--text-muted)" },
  ".cm-activeLine": { backgroundColor: "color-mix(in srgb, var(--bg-hover) 55%, transparent)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
    { backgroundColor: "color-mix(in srgb, var(--focus) 28%, transparent) !important" },
  ".cm-matchingBracket": { backgroundColor: "color-mix(in srgb, var(--ok) 22%, transparent)", outline: "none" },
  ".cm-nonmatchingBracket": { backgroundColor: "var(--err-soft)" },
  ".cm-foldPlaceholder": { backgroundColor: "var(--bg-sunken)", border: "1px solid var(--border)", color: "var(--text-muted)" },
  ".cm-tooltip": { backgroundColor: "var(--bg-elev)", border: "1px solid var(--border)", color: "var(--text)", borderRadius: "6px", boxShadow: "var(--shadow)" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "var(--bg-active)", color: "var(--text)" },
  ".cm-diagnostic-error": { borderLeftColor: "var(--err)" },
  ".cm-lintRange-error": { backgroundImage: "none", textDecoration: "underline wavy var(--err)", textUnderlineOffset: "3px" },
  ".cm-panels": { backgroundColor: "var(--bg-sunken)", color: "var(--text)" },
  ".cm-searchMatch": { backgroundColor: "var(--warn-soft)", outline: "1px solid var(--warn)" },
  ".cm-placeholder": { color: "var(--text-faint)" },
  ".cm-var-ok, .cm-var-secret, .cm-var-dynamic": { backgroundColor: "var(--var-ok-bg)", color: "var(--var-ok-fg)", borderRadius: "3px" },
  ".cm-var-bad": { backgroundColor: "var(--var-bad-bg)", color: "var(--var-bad-fg)", borderRadius: "3px" },
});

const highlight = HighlightStyle.define([
  { tag: t.propertyName, color: "var(--m-put)" },
  { tag: [t.string, t.special(t.string)], color: "var(--m-get)" },
  { tag: [t.number], color: "var(--m-post)" },
  { tag: [t.bool, t.null, t.keyword], color: "var(--m-patch)" },
  { tag: [t.tagName], color: "var(--m-put)" },
  { tag: [t.attributeName], color: "var(--m-post)" },
  { tag: [t.attributeValue], color: "var(--m-get)" },
  { tag: [t.comment], color: "var(--text-faint)", fontStyle: "italic" },
  { tag: [t.punctuation, t.separator, t.bracket, t.angleBracket], color: "var(--text-muted)" },
  { tag: t.invalid, color: "var(--err)" },
]);

const jsonLint = linter((view): Diagnostic[] => {
  const err = jsonError(view.state.doc.toString());
  return err ? [{ from: err.from, to: err.to, severity: "error", message: err.message }] : [];
}, { delay: 300 });

function varHighlighter(scope: Scope): Extension {
  const decorator = new MatchDecorator({
    regexp: /\{\{([^{}]+?)\}\}/g,
    decoration: (m) => Decoration.mark({ class: `cm-var-${describeVariable(m[1]!.trim(), scope).status}` }),
  });
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorator.createDeco(view);
      }
      update(u: ViewUpdate) {
        this.decorations = decorator.updateDeco(u, this.decorations);
      }
    },
    { decorations: (v) => v.decorations },
  );
}

function languageOf(lang: EditorLanguage): Extension {
  if (lang === "json") return [json(), jsonLint];
  if (lang === "xml") return xml();
  return [];
}

export default function CodeEditor({ value, onChange, language, ariaLabel, readOnly = false, scope = {}, placeholder = "", minHeight = 160 }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const compartments = useRef({ lang: new Compartment(), ro: new Compartment(), vars: new Compartment(), label: new Compartment(), ph: new Compartment() });

  useEffect(() => {
    const c = compartments.current;
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          // Ctrl/Cmd+Enter is the builder's Send: never a blank line here
          Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => true }, { key: "Mod-s", run: () => true }])),
          theme,
          syntaxHighlighting(highlight),
          c.lang.of(languageOf(language)),
          c.ro.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
          c.vars.of(varHighlighter(scope)),
          c.label.of(EditorView.contentAttributes.of({ "aria-label": ariaLabel, "aria-multiline": "true" })),
          c.ph.of(placeholder ? placeholderExt(placeholder) : []),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // outside changes (beautify, switching tabs, a restore) replace the text
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.lang.reconfigure(languageOf(language)) });
  }, [language]);
  useEffect(() => {
    view.current?.dispatch({
      effects: compartments.current.ro.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
    });
  }, [readOnly]);
  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.vars.reconfigure(varHighlighter(scope)) });
  }, [scope]);
  useEffect(() => {
    view.current?.dispatch({
      effects: compartments.current.label.reconfigure(EditorView.contentAttributes.of({ "aria-label": ariaLabel, "aria-multiline": "true" })),
    });
  }, [ariaLabel]);

  return <div className="code-editor" ref={host} style={{ minHeight }} />;
}
