"""Swift: URLSession from Foundation (async/await, Swift 5.5+)."""

from __future__ import annotations

import base64

from chalicelib.codegen.base import Wire, c_style, chunks, u_braced


def sw(text: str) -> str:
    # Escaping the backslash also disarms `\(...)` interpolation.
    return c_style(text, quote_char='"', escape=u_braced, extra={"\0": "\\0"})


def swift(w: Wire) -> str:
    lines = ["import Foundation", "#if canImport(FoundationNetworking)", "import FoundationNetworking", "#endif", "",
             f"var request = URLRequest(url: URL(string: {sw(w.url)})!)", f"request.httpMethod = {sw(w.method)}"]
    for name, value in w.headers:
        # addValue keeps earlier values of the name (setValue would replace them); Foundation joins them with ", ".
        lines.append(f"request.addValue({sw(value)}, forHTTPHeaderField: {sw(name)})")
    text = w.text
    if w.body:
        if text is not None:
            lines.append(f"request.httpBody = Data({sw(text)}.utf8)")
        else:
            parts = chunks(base64.b64encode(w.body).decode("ascii"), 76)
            literal = sw(parts[0]) if len(parts) == 1 else "\n    " + " +\n    ".join(sw(p) for p in parts)
            lines.append(f"request.httpBody = Data(base64Encoded: {literal})!")
    if w.custom_timeout_ms is not None:
        lines.append(f"request.timeoutInterval = {w.timeout_seconds}  // of silence, not the whole exchange")
    if not w.follow_redirects or not w.verify_tls:
        # Both need a URLSessionDelegate: too much for a snippet, so it says so
        lines.append("")
        if not w.follow_redirects:
            lines.append("// This request does not follow redirects; URLSession does unless a delegate's")
            lines.append("// urlSession(_:task:willPerformHTTPRedirection:newRequest:) answers nil.")
        if not w.verify_tls:
            lines.append("// TLS verification is off for this request; URLSession needs a delegate that accepts the")
            lines.append("// server trust in urlSession(_:didReceive:completionHandler:) (never in production).")
    lines += ["", "let (data, response) = try await URLSession.shared.data(for: request)",
              "print((response as! HTTPURLResponse).statusCode)", "print(String(decoding: data, as: UTF8.self))"]
    return "\n".join(lines) + "\n"
