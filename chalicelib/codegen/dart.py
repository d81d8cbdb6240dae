"""Dart: package:http."""

from __future__ import annotations

import base64

from chalicelib.codegen.base import Wire, c_style, chunks, u_braced


def dart_str(text: str) -> str:
    return c_style(text, quote_char="'", escape=u_braced, extra={"$": "\\$"})


def dart(w: Wire) -> str:
    text = w.text
    imports = ["import 'package:http/http.dart' as http;"]
    lines = ["void main() async {", f"  final request = http.Request({dart_str(w.method)}, Uri.parse({dart_str(w.url)}));"]
    if w.headers:
        # request.headers is a map: a repeated name is sent once, its values joined.
        lines.append("  request.headers.addAll({")
        lines += [f"    {dart_str(n)}: {dart_str(v)}," for n, v in w.grouped_headers()]
        lines.append("  });")
    if w.body:
        imports.insert(0, "import 'dart:convert';")
        if text is not None:
            # bodyBytes, not body: setting body adds `; charset=utf-8` to the Content-Type.
            lines.append(f"  request.bodyBytes = utf8.encode({dart_str(text)});")
        else:
            parts = chunks(base64.b64encode(w.body).decode("ascii"), 76)
            literal = dart_str(parts[0]) if len(parts) == 1 else "\n      " + " +\n      ".join(
                dart_str(p) for p in parts)
            lines.append(f"  request.bodyBytes = base64.decode({literal});")
    lines += w.setting_options(no_follow="  request.followRedirects = false;",
                               max_redirects="  request.maxRedirects = {n};")
    if not w.verify_tls:
        lines.append("  // TLS verification is off for this request; with package:http that takes an IOClient over an")
        lines.append("  // HttpClient whose badCertificateCallback accepts the certificate (never in production).")
    send = "await request.send()"
    if w.custom_timeout_ms is not None:
        send = f"await request.send().timeout(const Duration(milliseconds: {w.custom_timeout_ms}))"
    lines += ["", f"  final response = {send};", "  print(response.statusCode);",
              "  print(await response.stream.bytesToString());", "}"]
    return "\n".join(imports + [""] + lines) + "\n"
