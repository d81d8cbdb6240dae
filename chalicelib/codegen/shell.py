"""Command lines: curl, wget and HTTPie for bash, Invoke-WebRequest for PowerShell."""

from __future__ import annotations

import base64

from chalicelib.codegen.base import Wire, chunks, is_printable

# --- bash quoting -------------------------------------------------------------------------------------------------


def sh(text: str) -> str:
    """One bash word holding `text` exactly. Single quotes keep everything literal (newlines too, which keeps a
    multi-line JSON body readable); $'...' is used only when the text holds a character a terminal would not show
    or a copy-paste would mangle (CR, other controls, invisible Unicode)."""
    if text and all(c.isascii() and (c.isalnum() or c in "-_./:=@,+%") for c in text):
        return text
    if all(is_printable(c) or c in "\n\t" for c in text):
        return "'" + text.replace("'", "'\\''") + "'"
    out = []
    for c in text:
        if c in "\\'":
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif c == "!":
            out.append("\\x21")  # interactive bash may expand history in $'...'
        elif is_printable(c):
            out.append(c)
        else:
            out.extend(f"\\x{b:02x}" for b in c.encode("utf-8"))
    return "$'" + "".join(out) + "'"


#: ends a here-document of base64: `_` is not in the base64 alphabet, so no line of the data can end it early
_END = "END_OF_BODY"


def _b64_lines(body: bytes) -> list[str]:
    return chunks(base64.b64encode(body).decode("ascii"), 76)


def _base64_pipe(body: bytes) -> str:
    """A pipeline stage that writes `body` to stdout: arguments cannot hold NUL bytes, so binary goes through
    base64 (a here-document keeps long data on readable lines)."""
    return f"base64 --decode <<'{_END}' |\n" + "\n".join(_b64_lines(body)) + f"\n{_END}\n"


def _command(first: str, args: list[str], last: str | None = None) -> str:
    parts = [first, *args] + ([last] if last else [])
    return " \\\n  ".join(parts) + "\n"


# --- curl ---------------------------------------------------------------------------------------------------------


def curl(w: Wire) -> str:
    args: list[str] = []
    text = w.text
    if w.method == "HEAD":
        args.append("--head")
    elif not (w.method == "GET" and not w.body) and not (w.method == "POST" and w.body):
        args.append(f"--request {sh(w.method)}")
    if any(c in w.url for c in "[]{}"):
        args.append("--globoff")  # curl would read [] and {} as URL globbing patterns
    args.append(f"--url {sh(w.url)}")
    # The app follows redirects (curl does not unless asked) up to its limit (curl's own is 50): both are spelled
    # out, so the command also imports back as the same request.
    args += w.setting_options(follow="--location --max-redirs {n}", insecure="--insecure", timeout="--max-time {s}")
    for name, value in w.headers:
        # `Name:` would remove curl's own header of that name; `Name;` is curl's spelling of an empty value.
        args.append(f"--header {sh(f'{name}: {value}' if value else f'{name};')}")
    if w.body and not w.has_header("content-type"):
        args.append("--header 'Content-Type:'")  # else curl labels every body application/x-www-form-urlencoded
    prefix = ""
    if w.body:
        if text is not None:
            args.append(f"--data-raw {sh(text)}")  # --data-raw: a leading @ is not a file name
        else:
            prefix = _base64_pipe(w.body)
            args.append("--data-binary @-")
    return prefix + _command("curl", args)


# --- wget ---------------------------------------------------------------------------------------------------------


def wget(w: Wire) -> str:
    # --tries=1: wget retries a failed or timed-out request up to 20 times, sending it again; the app sends once
    args = ["--quiet", "--tries=1", f"--method={sh(w.method)}"]
    args += w.setting_options(no_follow="--max-redirect=0", max_redirects="--max-redirect={n}",
                              insecure="--no-check-certificate", timeout="--timeout={s}")
    for name, value in w.headers:
        args.append(f"--header={sh(f'{name}: {value}')}")
    prefix = ""
    text = w.text
    if w.body:
        if text is not None:
            args.append(f"--body-data={sh(text)}")
        else:
            # --body-data cannot hold NUL and wget needs a file it can measure, so binary goes through one.
            prefix = f"base64 --decode > body.bin <<'{_END}'\n" + "\n".join(_b64_lines(w.body)) + f"\n{_END}\n"
            args.append("--body-file=body.bin")
    args.append("--output-document=-")
    return prefix + _command("wget", args, sh(w.url))


# --- HTTPie -------------------------------------------------------------------------------------------------------

def _httpie_header(name: str, value: str) -> str:
    """`Name:value`. HTTPie splits an item at its first separator, so the value needs no escaping — except a
    leading `=` or `@`, which would make `:=` (JSON) or `:@` (read a file) of the separator. `Name;` is HTTPie's
    empty value (`Name:` would drop the header)."""
    if not value:
        return f"{name};"
    return f"{name}:" + ("\\" + value if value[0] in "=@" else value)


def httpie(w: Wire) -> str:
    args: list[str] = []
    text = w.text
    if not w.body or text is not None:
        # Outside a terminal HTTPie reads stdin as the body (and refuses --raw beside it): only binary uses stdin.
        args.append("--ignore-stdin")
    if w.body and text is not None:
        args.append(f"--raw={sh(text)}")
    args += w.setting_options(follow="--follow", max_redirects="--max-redirects={n}", insecure="--verify=no",
                              timeout="--timeout={s}")
    args += [sh(w.method), sh(w.url)]
    for name, value in w.headers:
        args.append(sh(_httpie_header(name, value)))
    if w.body and not w.has_header("content-type"):
        args.append("'Content-Type:'")  # else HTTPie labels the body application/json
    if w.body and text is None:
        return _base64_pipe(w.body) + _command("http", args)
    return _command("http", args)


# --- PowerShell ---------------------------------------------------------------------------------------------------

#: PowerShell ends a quoted string on the typographic quotes too, so they are doubled like the ASCII ones
_PS_SINGLE = "'\u2018\u2019\u201a\u201b"
_PS_DOUBLE = '"\u201c\u201d\u201e'
_PS_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "MERGE", "PATCH"}


def ps(text: str) -> str:
    """A PowerShell string: single-quoted (nothing expands) unless it holds a control character, which only a
    double-quoted string can spell (`r, `n, ...); there `$ and the backtick itself are escaped."""
    if all(is_printable(c) or c in "\n\t" for c in text):
        return "'" + "".join(c + c if c in _PS_SINGLE else c for c in text) + "'"
    out = []
    named = {"\n": "`n", "\r": "`r", "\t": "`t", "\0": "`0", "\a": "`a", "\b": "`b", "\f": "`f", "\v": "`v",
             "\x1b": "`e"}
    for c in text:
        if c in named:
            out.append(named[c])
        elif c in "`$" or c in _PS_DOUBLE:
            out.append("`" + c)
        elif is_printable(c):
            out.append(c)
        else:
            out.append(f"`u{{{ord(c):x}}}")
    return '"' + "".join(out) + '"'


def powershell(w: Wire) -> str:
    lines: list[str] = []
    content_type = w.header("content-type")
    others = [(n, v) for n, v in w.grouped_headers() if n.lower() != "content-type"]
    params = [f"-Uri {ps(w.url)}"]
    if w.method in _PS_METHODS:
        params.append(f"-Method {w.method.capitalize()}")
    else:
        params.append(f"-CustomMethod {ps(w.method)}")
    if others:
        lines.append("$headers = [ordered]@{")
        lines += [f"    {ps(n)} = {ps(v)}" for n, v in others]
        lines.append("}")
        params.append("-Headers $headers")
    if content_type is not None:
        params.append(f"-ContentType {ps(content_type)}")
    text = w.text
    if w.body:
        # Bytes, not a string: Windows PowerShell encodes a string body as ISO-8859-1, PowerShell 7 as UTF-8.
        if text is not None:
            lines.append(f"$body = [System.Text.Encoding]::UTF8.GetBytes({ps(text)})")
        else:
            b64 = chunks(base64.b64encode(w.body).decode("ascii"), 76)
            lines.append("$body = [System.Convert]::FromBase64String(")
            lines.append(" +\n".join(f"    {ps(part)}" for part in b64) + ")")
        params.append("-Body $body")
    # Header values are the user's: .NET's validation would reject some that servers accept.
    params.append("-SkipHeaderValidation")
    params += w.setting_options(no_follow="-MaximumRedirection 0", max_redirects="-MaximumRedirection {n}",
                                insecure="-SkipCertificateCheck",
                                timeout=f"-TimeoutSec {max(1, -(-w.timeout_ms // 1000))}")  # whole seconds only
    lines.append("$response = Invoke-WebRequest " + " `\n    ".join(params))
    lines.append("$response.Content")
    return "\n".join(lines) + "\n"
