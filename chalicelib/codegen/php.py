"""PHP: the curl extension, and Guzzle."""

from __future__ import annotations

import base64

from chalicelib.codegen.base import Wire, c_style, chunks, u_braced


def _escape(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x80 else u_braced(c)


def php_str(text: str) -> str:
    """Double-quoted, so control characters can be spelled; `$` is escaped so nothing interpolates."""
    return c_style(text, quote_char='"', escape=_escape, extra={"$": "\\$", "\x1b": "\\e", "\v": "\\v", "\f": "\\f"})


def _body(w: Wire) -> str:
    text = w.text
    if text is not None:
        return php_str(text)
    parts = chunks(base64.b64encode(w.body).decode("ascii"), 76)
    if len(parts) == 1:
        return f"base64_decode('{parts[0]}')"
    return "base64_decode(\n    " + " .\n    ".join(f"'{p}'" for p in parts) + "\n  )"


def php_curl(w: Wire) -> str:
    opts = [f"  CURLOPT_URL => {php_str(w.url)},", "  CURLOPT_RETURNTRANSFER => true,"]
    if w.method == "HEAD":
        opts.append("  CURLOPT_NOBODY => true,")  # a custom HEAD would wait for a body that never comes
    elif not (w.method == "GET" and not w.body) and not (w.method == "POST" and w.body):
        # POSTFIELDS alone means POST; any other method (or a bodiless POST) is named.
        opts.append(f"  CURLOPT_CUSTOMREQUEST => {php_str(w.method)},")
    if w.body:
        opts.append(f"  CURLOPT_POSTFIELDS => {_body(w)},")  # a string: sent as is, NUL bytes included
    # the app follows redirects; libcurl does not unless asked
    opts += w.setting_options(follow="  CURLOPT_FOLLOWLOCATION => true,", max_redirects="  CURLOPT_MAXREDIRS => {n},",
                              insecure="  CURLOPT_SSL_VERIFYPEER => false,\n  CURLOPT_SSL_VERIFYHOST => 0,",
                              timeout="  CURLOPT_TIMEOUT_MS => {ms},")
    headers = [f"{n}: {v}" if v else f"{n};" for n, v in w.headers]  # `Name;` is libcurl's empty value
    if w.body and not w.has_header("content-type"):
        headers.append("Content-Type:")  # else libcurl adds application/x-www-form-urlencoded
    if headers:
        opts.append("  CURLOPT_HTTPHEADER => [")
        opts += [f"    {php_str(h)}," for h in headers]
        opts.append("  ],")
    lines = ["<?php", "", "$curl = curl_init();", "", "curl_setopt_array($curl, ["]
    lines += opts
    lines += ["]);", "", "$response = curl_exec($curl);", "$error = curl_error($curl);",
              "$status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);", "curl_close($curl);", "",
              "if ($error) {", "  echo \"cURL error: \" . $error . \"\\n\";", "  exit(1);", "}",
              "echo $status . \"\\n\";", "echo $response . \"\\n\";"]
    return "\n".join(lines) + "\n"


def php_guzzle(w: Wire) -> str:
    opts: list[str] = []
    if w.headers:
        # A list value sends one header line per value (grouped where the name first appears).
        opts.append("  'headers' => [")
        for name, values in w.header_groups():
            rendered = [php_str(v) for v in values]
            value = rendered[0] if len(rendered) == 1 else "[" + ", ".join(rendered) + "]"
            opts.append(f"    {php_str(name)} => {value},")
        opts.append("  ],")
    if w.body:
        opts.append(f"  'body' => {_body(w)},")
    # Guzzle follows up to 5 redirects unless told not to
    opts += w.setting_options(no_follow="  'allow_redirects' => false,",
                              max_redirects="  'allow_redirects' => ['max' => {n}],", insecure="  'verify' => false,",
                              timeout="  'timeout' => {s},")
    lines = ["<?php", "", "require 'vendor/autoload.php';", "", "$client = new \\GuzzleHttp\\Client();", ""]
    if opts:
        lines.append(f"$response = $client->request({php_str(w.method)}, {php_str(w.url)}, [")
        lines += opts
        lines.append("]);")
    else:
        lines.append(f"$response = $client->request({php_str(w.method)}, {php_str(w.url)});")
    lines += ["", "echo $response->getStatusCode() . \"\\n\";", "echo $response->getBody() . \"\\n\";"]
    return "\n".join(lines) + "\n"
