"""Rust: reqwest (async, on tokio)."""

from __future__ import annotations

import base64

from chalicelib.codegen.base import Wire, c_style, chunks, is_ascii, u_braced

_METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "PATCH", "TRACE"}


def rs(text: str) -> str:
    return c_style(text, quote_char='"', escape=u_braced, extra={"\0": "\\0"})


def rust(w: Wire) -> str:
    text = w.text
    method = (f"reqwest::Method::{w.method}" if w.method in _METHODS
              else f"reqwest::Method::from_bytes({rs(w.method)}.as_bytes())?")
    lines = ["#[tokio::main]", "async fn main() -> Result<(), Box<dyn std::error::Error>> {"]
    if w.body and text is None:
        lines.insert(0, "use base64::Engine;\n")
        parts = chunks(base64.b64encode(w.body).decode("ascii"), 76)
        literal = rs(parts[0]) if len(parts) == 1 else "concat!(\n        " + ",\n        ".join(
            rs(p) for p in parts) + ",\n    )"
        lines.append(f"    let body = base64::engine::general_purpose::STANDARD.decode({literal})?;")
        lines.append("")
    builder = w.setting_options(  # reqwest follows up to 10 redirects on its own
        no_follow="        .redirect(reqwest::redirect::Policy::none())",
        max_redirects="        .redirect(reqwest::redirect::Policy::limited({n}))",
        insecure="        .danger_accept_invalid_certs(true)",
        timeout="        .timeout(std::time::Duration::from_millis({ms}))")
    if builder:
        lines += ["    let client = reqwest::Client::builder()", *builder, "        .build()?;"]
    else:
        lines.append("    let client = reqwest::Client::new();")
    lines.append(f"    let response = client.request({method}, {rs(w.url)})")
    for name, value in w.headers:
        if is_ascii(value):
            lines.append(f"        .header({rs(name)}, {rs(value)})")
        else:
            # from_str accepts visible ASCII only; the UTF-8 bytes go through from_bytes.
            lines.append(f"        .header({rs(name)}, reqwest::header::HeaderValue::from_bytes({rs(value)}"
                         ".as_bytes())?)")
    if w.body:
        lines.append(f"        .body({rs(text)})" if text is not None else "        .body(body)")
    lines += ["        .send()", "        .await?;", "", "    println!(\"{}\", response.status());",
              "    println!(\"{}\", response.text().await?);", "    Ok(())", "}"]
    return "\n".join(lines) + "\n"
