"""The JVM: java.net.http.HttpClient (Java 11+), and OkHttp from Java and from Kotlin."""

from __future__ import annotations

import base64
from collections.abc import Callable

from chalicelib.codegen.base import Wire, c_style, chunks, u4

#: methods OkHttp refuses without a body (it throws) and with one (GET, HEAD)
_OKHTTP_NEEDS_BODY = {"POST", "PUT", "PATCH", "PROPPATCH", "REPORT"}
_OKHTTP_NO_BODY = {"GET", "HEAD"}


def _java_escape(c: str) -> str:
    code = ord(c)
    # Octal below 0x80: javac turns \\uXXXX into the character before it parses, so a \\u000a would end the line.
    return f"\\{code:03o}" if code < 0x80 else u4(c)


def java_str(text: str) -> str:
    return c_style(text, quote_char='"', escape=_java_escape)


def kotlin_str(text: str) -> str:
    return c_style(text, quote_char='"', escape=u4, extra={"$": "\\$"})


def _b64_java(body: bytes) -> str:
    parts = chunks(base64.b64encode(body).decode("ascii"), 76)
    if len(parts) == 1:
        return f'"{parts[0]}"'
    return "\n            " + " +\n            ".join(f'"{p}"' for p in parts)


#: the JVM clients take an SSLContext (and OkHttp a hostname verifier) that trusts everything: too much code to
#: write into a snippet someone may paste into production, so the snippet says it instead
_TLS_NOTE_JAVA = ["        // TLS verification is off for this request in API Playground. To do the same here, build the",
                  "        // client with an SSLContext whose TrustManager accepts every certificate (never in production)."]


def java_httpclient(w: Wire) -> str:
    text = w.text
    imports = ["java.net.URI", "java.net.http.HttpClient", "java.net.http.HttpRequest",
               "java.net.http.HttpResponse"] + (["java.time.Duration"] if w.custom_timeout_ms is not None else [])
    pre: list[str] = []
    if not w.body:
        publisher = "HttpRequest.BodyPublishers.noBody()"
    elif text is not None:
        publisher = f"HttpRequest.BodyPublishers.ofString({java_str(text)})"  # ofString encodes UTF-8
    else:
        imports.append("java.util.Base64")
        pre.append(f"byte[] body = Base64.getDecoder().decode({_b64_java(w.body)});")
        publisher = "HttpRequest.BodyPublishers.ofByteArray(body)"
    lines = [f"import {i};" for i in imports]
    lines += ["", "public class Main {", "    public static void main(String[] args) throws Exception {"]
    lines += ["        " + p for p in pre]
    lines.append("        HttpRequest request = HttpRequest.newBuilder()")
    lines.append(f"            .uri(URI.create({java_str(w.url)}))")
    for name, value in w.headers:
        lines.append(f"            .header({java_str(name)}, {java_str(value)})")
    if w.method in ("GET", "DELETE") and not w.body:
        lines.append(f"            .{w.method}()")
    elif w.method in ("POST", "PUT"):
        lines.append(f"            .{w.method}({publisher})")
    else:
        lines.append(f"            .method({java_str(w.method)}, {publisher})")
    if w.custom_timeout_ms is not None:
        lines.append(f"            .timeout(Duration.ofMillis({w.custom_timeout_ms}))")
    lines.append("            .build();")
    version = "HTTP_2" if w.http2 else "HTTP_1_1"
    if not w.verify_tls:
        lines += _TLS_NOTE_JAVA
    lines.append("        HttpClient client = HttpClient.newBuilder()")
    # The default (HTTP_2) would add Upgrade: h2c headers to every plain-http request.
    lines.append(f"            .version(HttpClient.Version.{version})")
    if w.follow_redirects:
        lines.append("            .followRedirects(HttpClient.Redirect.NORMAL)")  # the default is NEVER
    lines.append("            .build();")
    lines.append("        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());")
    lines.append("        System.out.println(response.statusCode());")
    lines.append("        System.out.println(response.body());")
    lines += ["    }", "}"]
    return "\n".join(lines) + "\n"


def _okhttp_method(method: str, body: str, quote: Callable[[str], str]) -> str:
    """The builder's own verb where it has one (`.post(body)`), `.method(...)` for the rest."""
    if method in ("GET", "HEAD") and body == "null":
        return f".{method.lower()}()"
    if method == "DELETE" and body == "null":
        return ".delete()"
    if method in ("POST", "PUT", "PATCH", "DELETE"):
        return f".{method.lower()}({body})"
    return f".method({quote(method)}, {body})"


def _okhttp_body(w: Wire) -> tuple[str | None, str]:
    """(setup statement, body expression). The body has no MediaType: the Content-Type header is sent as the user
    wrote it, where OkHttp would otherwise rewrite it (and add `; charset=utf-8` to a String body)."""
    if w.method in _OKHTTP_NO_BODY:
        return None, "null"
    if not w.body and w.method not in _OKHTTP_NEEDS_BODY:
        return None, "null"
    text = w.text
    if text is not None:
        return None, f"RequestBody.create(null, {java_str(text)}.getBytes(StandardCharsets.UTF_8))"
    return (f"byte[] content = Base64.getDecoder().decode({_b64_java(w.body)});",
            "RequestBody.create(null, content)")


def java_okhttp(w: Wire) -> str:
    setup, body = _okhttp_body(w)
    imports = ["okhttp3.OkHttpClient", "okhttp3.Request", "okhttp3.RequestBody", "okhttp3.Response"]
    if _has_non_ascii(w):
        imports.append("okhttp3.Headers")
    if w.custom_timeout_ms is not None:
        imports.append("java.util.concurrent.TimeUnit")
    if body and "StandardCharsets" in body:
        imports.append("java.nio.charset.StandardCharsets")
    if setup:
        imports.append("java.util.Base64")
    lines = [f"import {i};" for i in sorted(imports)]
    lines += ["", "public class Main {", "    public static void main(String[] args) throws Exception {"]
    if w.body and w.method in _OKHTTP_NO_BODY:
        lines.append(f"        // OkHttp cannot send a body with {w.method}; this request had one, left out here.")
    if not w.verify_tls:
        lines += _TLS_NOTE_JAVA
    options = _okhttp_options(w)
    if options:
        lines.append(f"        OkHttpClient client = new OkHttpClient.Builder(){''.join(options)}.build();")
    else:
        lines.append("        OkHttpClient client = new OkHttpClient();")
    if setup:
        lines.append("        " + setup)
    headers_setup, header_calls = _okhttp_headers(w, java_str, "        ", "Headers headers = new ", ";")
    lines += headers_setup
    lines.append("        Request request = new Request.Builder()")
    lines.append(f"            .url({java_str(w.url)})")
    lines.append(f"            {_okhttp_method(w.method, body, java_str)}")
    lines += header_calls
    lines.append("            .build();")
    lines.append("        try (Response response = client.newCall(request).execute()) {")
    lines.append("            System.out.println(response.code());")
    lines.append("            System.out.println(response.body().string());")
    lines.append("        }")
    lines += ["    }", "}"]
    return "\n".join(lines) + "\n"


def _okhttp_options(w: Wire) -> list[str]:
    """The client builder's settings: OkHttp follows up to 20 redirects and has no call timeout by default."""
    options = [] if w.follow_redirects else [".followRedirects(false)"]
    if w.custom_timeout_ms is not None:
        options.append(f".callTimeout({w.custom_timeout_ms}, TimeUnit.MILLISECONDS)")
    return options


def _okhttp_headers(w: Wire, quote: Callable[[str], str], indent: str, declare: str,
                    end: str) -> tuple[list[str], list[str]]:
    """(statements before the request, the request builder's header calls). addHeader refuses a non-ASCII value,
    so then the headers are built apart: Headers.Builder.addUnsafeNonAscii sends such a value as UTF-8."""
    if not _has_non_ascii(w):
        return [], [f"{indent}    .addHeader({quote(n)}, {quote(v)})" for n, v in w.headers]
    setup = [f"{indent}{declare}Headers.Builder()"]
    setup += [f"{indent}    .{'add' if v.isascii() else 'addUnsafeNonAscii'}({quote(n)}, {quote(v)})"
              for n, v in w.headers]
    setup.append(f"{indent}    .build(){end}")
    return setup, [f"{indent}    .headers(headers)"]


def _has_non_ascii(w: Wire) -> bool:
    return any(not value.isascii() for _, value in w.headers)


def kotlin_okhttp(w: Wire) -> str:
    imports = ["okhttp3.OkHttpClient", "okhttp3.Request"] + (["okhttp3.Headers"] if _has_non_ascii(w) else []) + (
        ["java.util.concurrent.TimeUnit"] if w.custom_timeout_ms is not None else [])
    text = w.text
    body = "null"
    setup: list[str] = []
    if w.method not in _OKHTTP_NO_BODY and (w.body or w.method in _OKHTTP_NEEDS_BODY):
        imports.append("okhttp3.RequestBody.Companion.toRequestBody")
        if text is not None:
            body = f"{kotlin_str(text)}.toByteArray().toRequestBody()"
        else:
            imports.append("java.util.Base64")
            parts = chunks(base64.b64encode(w.body).decode("ascii"), 76)
            literal = f'"{parts[0]}"' if len(parts) == 1 else "\n        " + " +\n        ".join(
                f'"{p}"' for p in parts)
            setup.append(f"    val content = Base64.getDecoder().decode({literal})")
            body = "content.toRequestBody()"
    lines = [f"import {i}" for i in sorted(imports)]
    lines += ["", "fun main() {"]
    if w.body and w.method in _OKHTTP_NO_BODY:
        lines.append(f"    // OkHttp cannot send a body with {w.method}; this request had one, left out here.")
    if not w.verify_tls:
        lines += [line.replace("        //", "    //", 1) for line in _TLS_NOTE_JAVA]
    options = _okhttp_options(w)
    if options:
        lines.append(f"    val client = OkHttpClient.Builder(){''.join(options)}.build()")
    else:
        lines.append("    val client = OkHttpClient()")
    lines += setup
    headers_setup, header_calls = _okhttp_headers(w, kotlin_str, "    ", "val headers = ", "")
    lines += headers_setup
    lines.append("    val request = Request.Builder()")
    lines.append(f"        .url({kotlin_str(w.url)})")
    lines.append(f"        {_okhttp_method(w.method, body, kotlin_str)}")
    lines += header_calls
    lines.append("        .build()")
    lines.append("")
    lines.append("    client.newCall(request).execute().use { response ->")
    lines.append("        println(response.code)")
    lines.append("        println(response.body?.string())")
    lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"
