"""C#: System.Net.Http.HttpClient (.NET 6+, top-level statements)."""

from __future__ import annotations

import base64

from chalicelib.codegen.base import Wire, c_style, chunks, u4

#: headers .NET only accepts on the content (HttpContent.Headers), not on the request
_CONTENT_HEADERS = {"allow", "content-disposition", "content-encoding", "content-language", "content-length",
                    "content-location", "content-md5", "content-range", "content-type", "expires", "last-modified"}


def cs(text: str) -> str:
    # \x in C# takes 1-4 hex digits greedily, so every escape is the fixed-width \uXXXX.
    return c_style(text, quote_char='"', escape=u4)


def csharp(w: Wire) -> str:
    lines = ["using System;", "using System.Net.Http;"]
    if w.text is not None and w.body:
        lines.append("using System.Text;")
    handler = []
    if not w.follow_redirects:
        handler.append("AllowAutoRedirect = false")  # HttpClient follows up to 50 redirects on its own
    elif w.custom_max_redirects is not None:
        handler.append(f"MaxAutomaticRedirections = {w.custom_max_redirects}")
    if not w.verify_tls:
        handler.append("ServerCertificateCustomValidationCallback = "
                       "HttpClientHandler.DangerousAcceptAnyServerCertificateValidator")
    client = "new HttpClient()"
    if handler:
        lines += ["", "using var handler = new HttpClientHandler", "{",
                  *[f"    {h}," for h in handler], "};"]
        client = "new HttpClient(handler)"
    lines += ["", f"using var client = {client};"]
    if w.custom_timeout_ms is not None:
        lines.append(f"client.Timeout = TimeSpan.FromMilliseconds({w.custom_timeout_ms});")
    lines += [
              f"using var request = new HttpRequestMessage(new HttpMethod({cs(w.method)}), {cs(w.url)});"]
    content_headers = [(n, v) for n, v in w.headers if n.lower() in _CONTENT_HEADERS]
    for name, value in w.headers:
        if name.lower() not in _CONTENT_HEADERS:
            # WithoutValidation: the values are the user's, .NET's parser would reject some that servers accept.
            lines.append(f"request.Headers.TryAddWithoutValidation({cs(name)}, {cs(value)});")
    text = w.text
    if w.body or content_headers:
        if not w.body:
            lines.append("request.Content = new ByteArrayContent(Array.Empty<byte>());")
        elif text is not None:
            # ByteArrayContent rather than StringContent, which would add its own `Content-Type: text/plain`.
            lines.append(f"request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes({cs(text)}));")
        else:
            parts = chunks(base64.b64encode(w.body).decode("ascii"), 76)
            literal = f'"{parts[0]}"' if len(parts) == 1 else "\n    " + " +\n    ".join(f'"{p}"' for p in parts)
            lines.append(f"request.Content = new ByteArrayContent(Convert.FromBase64String({literal}));")
        for name, value in content_headers:
            lines.append(f"request.Content.Headers.TryAddWithoutValidation({cs(name)}, {cs(value)});")
    lines += ["", "using var response = await client.SendAsync(request);",
              "Console.WriteLine((int)response.StatusCode);",
              "Console.WriteLine(await response.Content.ReadAsStringAsync());"]
    return "\n".join(lines) + "\n"
