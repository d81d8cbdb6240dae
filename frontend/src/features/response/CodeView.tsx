/**
 * A read-only CodeMirror 6 view of a response body: highlighting, folding, line numbers, search (Ctrl+F).
 * Loaded lazily by ResponsePane (React.lazy), so CodeMirror stays out of the initial bundle.
 * Colours come from the design tokens (CSS variables), so one theme serves light and dark.
 */
import { useEffect, useRef } from "react";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLineGutter, drawSelection } from "@codemirror/view";
import { defaultKeymap } from "@codemirror/commands";
import {
  HighlightStyle, bracketMatching, codeFolding, foldGutter, foldKeymap, syntaxHighlighting,
} from "@codemirror/language";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { json } from "@codemirror/lang-json";
import { xml } from "@codemirror/lang-xml";
import { html } from "@codemirror/lang-html";
import { javascript } from "@codemirror/lang-javascript";
import { tags as t } from "@lezer/highlight";

export type CodeLanguage = "json" | "xml" | "html" | "javascript" | "text";

const highlight = HighlightStyle.define([
  { tag: [t.propertyName, t.attributeName], color: "var(--rp-syn-key)" },
  { tag: [t.string, t.special(t.string), t.attributeValue], color: "var(--rp-syn-string)" },
  { tag: [t.number, t.integer, t.float], color: "var(--rp-syn-number)" },
  { tag: [t.bool, t.null, t.atom, t.keyword], color: "var(--rp-syn-atom)" },
  { tag: [t.tagName, t.typeName], color: "var(--rp-syn-tag)" },
  { tag: [t.comment, t.meta, t.processingInstruction, t.documentMeta], color: "var(--text-faint)", fontStyle: "italic" },
  { tag: [t.angleBracket, t.bracket, t.punctuation, t.separator, t.brace, t.squareBracket], color: "var(--text-muted)" },
  { tag: [t.variableName, t.definition(t.variableName)], color: "var(--text)" },
  { tag: t.invalid, color: "var(--err)" },
]);

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "12px", backgroundColor: "transparent", color: "var(--text)" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.6", overflow: "auto" },
  ".cm-content": { caretColor: "var(--text)", padding: "6px 0" },
  ".cm-gutters": { backgroundColor: "transparent", color: "var(--text-faint)", border: "none" },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 8px 0 12px", minWidth: "36px" },
  ".cm-activeLineGutter": { backgroundColor: "transparent", color: "var(--text-muted)" },
  ".cm-foldGutter .cm-gutterElement": { padding: "0 4px", cursor: "pointer", color: "var(--text-faint)" },
  ".cm-foldPlaceholder": { backgroundColor: "var(--bg-hover)", border: "1px solid var(--border)", color: "var(--text-muted)", padding: "0 4px", borderRadius: "4px" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "color-mix(in srgb, var(--focus) 28%, transparent) !important" },
  ".cm-selectionMatch": { backgroundColor: "color-mix(in srgb, var(--accent) 18%, transparent)" },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": { backgroundColor: "color-mix(in srgb, var(--focus) 22%, transparent)", outline: "none" },
  ".cm-searchMatch": { backgroundColor: "color-mix(in srgb, var(--warn) 30%, transparent)" },
  ".cm-searchMatch-selected": { backgroundColor: "color-mix(in srgb, var(--accent) 40%, transparent)" },
  ".cm-panels": { backgroundColor: "var(--bg-elev)", color: "var(--text)", borderColor: "var(--border)" },
  ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--border)" },
  ".cm-panel.cm-search": { padding: "6px 8px", fontFamily: "var(--font)", fontSize: "12px" },
  ".cm-panel.cm-search input, .cm-panel.cm-search button": { fontSize: "12px" },
  ".cm-textfield": { background: "var(--bg-elev)", border: "1px solid var(--border-strong)", borderRadius: "4px", color: "var(--text)" },
  ".cm-button": { backgroundImage: "none", background: "var(--bg-elev)", border: "1px solid var(--border-strong)", borderRadius: "4px", color: "var(--text)" },
  ".cm-cursor": { borderLeftColor: "var(--text)" },
});

function languageOf(lang: CodeLanguage): Extension {
  switch (lang) {
    case "json":
      return json();
    case "xml":
      return xml();
    case "html":
      return html();
    case "javascript":
      return javascript();
    default:
      return [];
  }
}

export default function CodeView({ text, language, label }: { text: string; language: CodeLanguage; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: text,
        extensions: [
          EditorState.readOnly.of(true),
          lineNumbers(),
          highlightActiveLineGutter(),
          codeFolding(),
          foldGutter({ openText: "▾", closedText: "▸" }),
          bracketMatching(),
          drawSelection(),
          highlightSelectionMatches(),
          search({ top: true }),
          syntaxHighlighting(highlight),
          languageOf(language),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": label, "aria-readonly": "true" }),
          keymap.of([...searchKeymap, ...foldKeymap, ...defaultKeymap]),
          theme,
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // a new body or language makes a new view (cheap, and resets folds and search)
  }, [text, language, label]);

  return <div className="rp-code" ref={host} data-testid="response-code" />;
}
