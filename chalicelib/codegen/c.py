"""C: libcurl's easy interface."""

from __future__ import annotations

from chalicelib.codegen.base import Wire


def c_bytes(data: bytes) -> str:
    """A C string literal holding exactly `data`: printable ASCII as is, everything else as three-digit octal (a hex
    escape would swallow a following hex digit); `?` after `?` is escaped so no trigraph forms."""
    out = []
    prev = ""
    for b in data:
        c = chr(b)
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif c == "?" and prev == "?":
            out.append("\\?")
        elif 0x20 <= b < 0x7F:
            out.append(c)
        else:
            out.append(f"\\{b:03o}")
        prev = c
    return '"' + "".join(out) + '"'


def c_str(text: str) -> str:
    return c_bytes(text.encode("utf-8"))


def _body_literal(body: bytes) -> str:
    """One piece a line (adjacent literals concatenate): a line ends after each newline byte, or once its escapes
    make it long."""
    pieces: list[bytes] = []
    current = b""
    for b in body:
        current += bytes([b])
        if b == 10 or len(c_bytes(current)) >= 100:
            pieces.append(current)
            current = b""
    if current or not pieces:
        pieces.append(current)
    if len(pieces) == 1:
        return " " + c_bytes(pieces[0])
    return "\n    " + "\n    ".join(c_bytes(p) for p in pieces)


def libcurl(w: Wire) -> str:
    lines = ["#include <stdio.h>", "#include <curl/curl.h>", "", "int main(void)", "{"]
    if w.body:
        # sizeof - 1, not strlen: the body may hold NUL bytes.
        lines.append(f"  static const char body[] ={_body_literal(w.body)};")
    lines += ["  CURL *curl = curl_easy_init();", "  if(!curl)", "    return 1;", ""]
    if w.method == "HEAD":
        lines.append("  curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);")  # a custom HEAD would wait for a body
    elif not (w.method == "GET" and not w.body) and not (w.method == "POST" and w.body):
        # POSTFIELDS alone means POST; any other method (or a bodiless POST) is named.
        lines.append(f"  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, {c_str(w.method)});")
    lines.append(f"  curl_easy_setopt(curl, CURLOPT_URL, {c_str(w.url)});")
    lines += w.setting_options(  # libcurl follows no redirect unless asked
        follow="  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);",
        max_redirects="  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, {n}L);",
        insecure="  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);\n"
                 "  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);",
        timeout="  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, {ms}L);")
    headers = [f"{n}: {v}" if v else f"{n};" for n, v in w.headers]  # `Name;` is libcurl's empty value
    if w.body and not w.has_header("content-type"):
        headers.append("Content-Type:")  # else libcurl adds application/x-www-form-urlencoded
    if headers:
        lines += ["", "  struct curl_slist *headers = NULL;"]
        lines += [f"  headers = curl_slist_append(headers, {c_str(h)});" for h in headers]
        lines.append("  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);")
    if w.body:
        lines += ["", "  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);",
                  "  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)(sizeof(body) - 1));"]
    lines += ["", "  CURLcode res = curl_easy_perform(curl);", "  if(res != CURLE_OK)",
              "    fprintf(stderr, \"curl_easy_perform() failed: %s\\n\", curl_easy_strerror(res));", ""]
    if headers:
        lines.append("  curl_slist_free_all(headers);")
    lines += ["  curl_easy_cleanup(curl);", "  return res == CURLE_OK ? 0 : 1;", "}"]
    return "\n".join(lines) + "\n"
