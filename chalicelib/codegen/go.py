"""Go: net/http from the standard library."""

from __future__ import annotations

import base64

from chalicelib.codegen.base import Wire, c_style, chunks


def _escape(c: str) -> str:
    code = ord(c)
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def go_str(text: str) -> str:
    return c_style(text, quote_char='"', escape=_escape)


def go(w: Wire) -> str:
    imports = {"fmt", "io", "net/http"}
    setup: list[str] = []
    text = w.text
    if not w.body:
        reader = "nil"
    elif text is not None:
        imports.add("strings")
        if "\n" in text.rstrip("\n") and "`" not in text and "\r" not in text and all(
                c == "\n" or c == "\t" or c.isprintable() for c in text):
            # A raw string keeps a multi-line body readable; it cannot hold a backtick or a CR.
            setup.append(f"payload := strings.NewReader(`{text}`)")
        else:
            setup.append(f"payload := strings.NewReader({go_str(text)})")
        reader = "payload"
    else:
        imports.update({"bytes", "encoding/base64"})
        parts = chunks(base64.b64encode(w.body).decode("ascii"), 76)
        literal = go_str(parts[0]) if len(parts) == 1 else "\"\" +\n\t\t" + " +\n\t\t".join(go_str(p) for p in parts)
        setup.append(f"data, err := base64.StdEncoding.DecodeString({literal})")
        setup.append("if err != nil {")
        setup.append("\tpanic(err)")
        setup.append("}")
        setup.append("payload := bytes.NewReader(data)")
        reader = "payload"
    lines = ["func main() {", f"\turl := {go_str(w.url)}"]
    lines += ["\t" + s if s else s for s in setup]
    lines.append("")
    lines.append(f"\treq, err := http.NewRequest({go_str(w.method)}, url, {reader})")
    lines += ["\tif err != nil {", "\t\tpanic(err)", "\t}"]
    for name, value in w.headers:
        if name.lower() == "host":
            # net/http takes the Host header from req.Host and ignores it in req.Header.
            lines.append(f"\treq.Host = {go_str(value)}")
        else:
            lines.append(f"\treq.Header.Add({go_str(name)}, {go_str(value)})")
    client = "http.DefaultClient"
    fields: list[str] = []
    if not w.follow_redirects:
        # net/http follows up to 10 redirects on its own; this hands back the first answer instead
        fields += ["\t\tCheckRedirect: func(req *http.Request, via []*http.Request) error {",
                   "\t\t\treturn http.ErrUseLastResponse", "\t\t},"]
    elif w.custom_max_redirects is not None:
        imports.add("errors")
        fields += ["\t\tCheckRedirect: func(req *http.Request, via []*http.Request) error {",
                   f"\t\t\tif len(via) > {w.custom_max_redirects} {{",
                   f"\t\t\t\treturn errors.New(\"stopped after {w.custom_max_redirects} redirects\")",
                   "\t\t\t}", "\t\t\treturn nil", "\t\t},"]
    if w.custom_timeout_ms is not None:
        imports.add("time")
        fields.append(f"\t\tTimeout: {w.custom_timeout_ms} * time.Millisecond,")
    if not w.verify_tls:
        imports.add("crypto/tls")
        fields += ["\t\tTransport: &http.Transport{",
                   "\t\t\tTLSClientConfig: &tls.Config{InsecureSkipVerify: true},", "\t\t},"]
    if fields:
        client = "client"
        lines += ["", "\tclient := &http.Client{", *fields, "\t}"]
    lines += ["", f"\tres, err := {client}.Do(req)", "\tif err != nil {", "\t\tpanic(err)", "\t}",
              "\tdefer res.Body.Close()", "", "\tbody, err := io.ReadAll(res.Body)", "\tif err != nil {",
              "\t\tpanic(err)", "\t}", "", "\tfmt.Println(res.Status)", "\tfmt.Println(string(body))", "}"]
    head = ["package main", "", "import (", *[f"\t\"{i}\"" for i in sorted(imports)], ")", ""]
    return "\n".join(head + lines) + "\n"
