"""cURL import: one or more curl command lines, as browsers copy them ("Copy as cURL (bash)" and "(cmd)" in Chrome
and Firefox) or as API docs print them, each becoming a request of one collection ("cURL import").

The rule throughout: the request we build sends what curl would send, nothing more. Where curl adds a header on
its own (the form Content-Type of `-d`, the JSON ones of `--json`), we write it out only where our executor's
default for the body mode would differ; we never invent headers curl would not send.

Shell syntax
- bash: words split on blanks; `'…'` literal; `"…"` with `\\ \\" \\$ \\``, newline escapes; `$'…'` ANSI-C quoting
  (`\\n \\t \\r \\e \\xHH \\uHHHH \\UHHHHHHHH \\NNN \\cX \\' \\"`; `\\x`/octal bytes decode as UTF-8, and UTF-16
  surrogate pairs (Firefox escapes astral characters that way) combine into one character); `\\` + newline joins
  lines, also with stray blanks after the backslash (a common copy-paste slip); `#` comments; `;`, `&&`, `||`,
  `&` and newlines separate commands, except an `&` glued inside a word (an unquoted `?a=1&b=2`), read as part
  of it with a warning since that is what the paste meant; `| jq …` and redirections (`> out`, `2>&1`) are
  ignored with a warning.
  Shell variables (`$TOKEN`) are kept as typed: we have no shell to expand them in.
- cmd: chosen when a line ends with `^`, the text has `^"` (Chrome's quoting), or it has a `""` inside a word and
  no `'` outside double quotes (Firefox's one-line Windows copy). Two passes like Windows itself:
  cmd.exe (`^x` escapes x; `^` + newline joins lines and escapes the next line's first character, which is how
  Chrome encodes a newline inside a value; `"` toggles its quoting; `&`, `|`, newline separate commands), then the
  C runtime's argument splitting (`"` quotes, `\\"` a literal quote, `""` inside quotes a literal quote as Firefox
  writes it). Both browsers double every backslash before quoting, so inside quotes a backslash pair is halved
  (a lone backslash stays, so a hand-typed `C:\\dir` survives); Firefox's PowerShell guard `` `$ `` reads as `$`.

Options (curl's meaning unless noted)
- Method: `-X` as typed; else HEAD with `-I`, GET with `-G`, PUT with `-T`, POST with any data or form, else GET.
- `-H` keeps order and duplicates; `Name;` is an empty header; `Name:` (curl's "remove this default header") is
  dropped with a warning since we send no such defaults; `-A`, `-e` (`;auto` stripped), `-b name=value` (several
  joined into one Cookie header; a cookie *file* is a warning) and `-r` become headers where they appear.
- Data: `-d/--data/--data-ascii/--data-binary` (`@file`: a binary body naming the file, with a warning, since we
  cannot read the user's disk), `--data-raw` (never a file), `--data-urlencode` (`content`, `=content`,
  `name=content`, `name@file`, `@file`; encoded as curl_easy_escape does), `--json` (also sends
  `Accept: application/json`); pieces join with `&` in order (`--json` pieces concatenate). With `-G` the data
  goes into the query instead; `--url-query` always does.
- Body mode: a JSON Content-Type → json; XML → xml; `multipart/form-data` with a boundary whose data parses as
  multipart (browsers copy file uploads that way) → formdata; a form Content-Type, or none at all, with data that
  is a clean `a=1&b=2` string → urlencoded rows (decoded: the executor re-encodes them); otherwise raw text. With
  no Content-Type curl labels everything application/x-www-form-urlencoded, so a non-form body keeps that header
  explicitly. A JSON object/array sent without a Content-Type gets mode json (for the editor) *plus* that explicit
  form header and a warning: it is what curl sends, though rarely what was meant. (Postman's importer turns such
  JSON into urlencoded rows, which mangles it; we don't follow it there.)
- `-F/--form`: text fields (quoted values, `;type=`), `@file` fields → file rows without a stored file (warning),
  `<file` → a text row left empty (warning); `--form-string` is literal. A user multipart Content-Type is dropped:
  curl adds its boundary to it, our executor writes its own.
- Auth: `-u user[:password]` → basic (digest with `--digest`, ntlm with `--ntlm`); `--oauth2-bearer` → bearer;
  without these the request has auth "noauth", since the command says exactly what is sent.
- Settings: `-k` → verify_tls false; `-L` → follow_redirects true and, faithfully, no `-L` → false; max_redirects
  is curl's limit (`--max-redirs`, else curl's default 50); `-m/--max-time` → timeout_ms (curl has no default
  total timeout, so ours stays otherwise); `--http2`/`--http2-prior-knowledge` → http2.
- `--compressed` adds no header: our executor's HTTP client already sends an Accept-Encoding and the executor
  decodes gzip/deflate answers, which is all the flag asks for. It is kept in `extras.curl.compressed` for an exporter.
- `--flag=value` is accepted (curl itself does not, people write it anyway), as are clusters (`-sSL`, `-XPOST`),
  `--no-<flag>` and `--next`. Output-only options (`-s`, `-o`, `-w`, …) are ignored quietly; options that change
  the request in ways we don't model (`--proxy`, `--cert`, `--resolve`, …) and unknown options are warnings,
  never failures. Each URL on a command becomes its own request, as curl fetches each.
- Errors (ImportError_ with "line L, column C"): an unterminated quote, a command that is not curl, an option
  missing its value, a command without a URL, a method curl could not send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from chalicelib.interop.detect import check_size, position
from chalicelib.interop.har import (
    append_query,
    auth_attrs,
    basename,
    build_folder,
    build_request,
    drop_headers,
    file_rows_warning,
    find_header,
    form_rows,
    is_json_document,
    media_type,
    mode_for,
    parse_multipart,
    query_rows,
    raw_body,
    request_name,
)
from chalicelib.interop.tree import Bundle, FolderNode, ImportError_, RequestNode
from chalicelib.schema.common import METHOD_PATTERN

FORM_TYPE = "application/x-www-form-urlencoded"
#: curl's own redirect limit when -L is given without --max-redirs
CURL_MAX_REDIRS = 50
#: our limits (chalicelib/schema/common.py RequestSettings)
MAX_REDIRECTS = 50
MAX_TIMEOUT_MS = 300_000


@dataclass
class _Word:
    text: str
    offset: int


@dataclass
class _Segment:
    words: list[_Word]
    #: the right-hand side of `|`: another program reading curl's output, not a request
    piped: bool = False


class _Source:
    def __init__(self, text: str) -> None:
        self.text = text

    def at(self, offset: int) -> str:
        return position(self.text, offset)

    def error(self, message: str, offset: int) -> ImportError_:
        return ImportError_(message, location=self.at(offset))


# ------------------------------------------------------------------------------------------------ bash splitting

_ANSI_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f",
                "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


class _Chars:
    """A word's characters, where `\\xHH`/octal escapes add bytes that decode together (as UTF-8 when they are)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = bytearray()

    def add(self, text: str) -> None:
        self.flush()
        self.parts.append(text)

    def add_byte(self, value: int) -> None:
        self.pending.append(value & 0xFF)

    def flush(self) -> None:
        if self.pending:
            try:
                self.parts.append(self.pending.decode("utf-8"))
            except UnicodeDecodeError:
                self.parts.append(self.pending.decode("latin-1"))
            self.pending.clear()

    def text(self) -> str:
        self.flush()
        return "".join(self.parts)


def _ansi_escape(text: str, k: int, out: _Chars) -> int:
    """Decode the escape after a backslash at text[k] inside `$'…'`; return the index after it."""
    n = len(text)
    e = text[k]
    if e in _ANSI_SIMPLE:
        out.add(_ANSI_SIMPLE[e])
        return k + 1
    if e == "x":
        m = re.match(r"[0-9A-Fa-f]{1,2}", text[k + 1: k + 3])
        if not m:
            out.add("\\x")
            return k + 1
        out.add_byte(int(m.group(0), 16))
        return k + 1 + len(m.group(0))
    if e in "01234567":
        m = re.match(r"[0-7]{1,3}", text[k: k + 3])
        assert m is not None
        out.add_byte(int(m.group(0), 8))
        return k + len(m.group(0))
    if e in "uU":
        m = re.match(r"[0-9A-Fa-f]{1,4}" if e == "u" else r"[0-9A-Fa-f]{1,8}", text[k + 1: k + 9])
        if not m:
            out.add("\\" + e)
            return k + 1
        code = int(m.group(0), 16)
        end = k + 1 + len(m.group(0))
        if 0xD800 <= code <= 0xDBFF:
            low = re.match(r"\\u(d[c-f][0-9a-f]{2})", text[end: end + 6], re.IGNORECASE)
            if low:
                out.add(chr(0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)))
                return end + 6
        # a lone surrogate cannot be stored or sent as UTF-8: U+FFFD, as a browser would show it
        out.add("\ufffd" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code))
        return end
    if e == "c" and k + 1 < n:
        out.add(chr(ord(text[k + 1].upper()) ^ 0x40))
        return k + 2
    out.add("\\" + e)
    return k + 1


#: runs of characters with no meaning to the shell, read in one go (char-by-char reading is slow on big bodies)
_BASH_PLAIN = re.compile(r"""[^\s\\'"$;&|<>]+""")
_ANSI_PLAIN = re.compile(r"[^\\']+")
_DOUBLE_PLAIN = re.compile(r'[^"\\]+')
_BASH_CONTINUATION = re.compile(r"\\[ \t]*\n")
_CMD_CONTINUATION = re.compile(r"\^[ \t]*\n")


def _glued_ampersand(text: str, i: int, in_word: bool) -> bool:
    """An `&` between two characters of one word, as in an unquoted `?a=1&b=2`: the shell would run the rest in
    the background, but the paste meant a URL, so we read it as part of the word (with a warning)."""
    return in_word and i + 1 < len(text) and text[i + 1] not in " \t\r\n&>;|"


def _split_bash(src: _Source, warnings: list[str]) -> list[_Segment]:
    text = src.text
    n = len(text)
    segments: list[_Segment] = []
    words: list[_Word] = []
    buf = _Chars()
    start = -1  # offset of the word being read, -1 between words
    piped = False
    skip_next = False  # the next word is a redirection's target

    def begin(at: int) -> None:
        nonlocal start
        if start < 0:
            start = at

    def end_word() -> None:
        nonlocal start, skip_next, buf
        if start >= 0:
            if skip_next:
                skip_next = False
            else:
                words.append(_Word(buf.text(), start))
            buf = _Chars()
            start = -1

    def end_segment(next_piped: bool) -> None:
        nonlocal words, piped, skip_next
        end_word()
        if words:
            segments.append(_Segment(words, piped))
        words, piped, skip_next = [], next_piped, False

    i = 0
    while i < n:
        c = text[i]
        if c == "\\":
            m = _BASH_CONTINUATION.match(text, i)
            if m:  # a continuation, also with blanks left after the backslash
                i += len(m.group(0))
                continue
            if i + 1 < n:
                begin(i)
                buf.add(text[i + 1])
            i += 2
        elif c in " \t\r":
            end_word()
            i += 1
        elif c == "\n" or c == ";":
            end_segment(False)
            i += 1
        elif c == "#" and start < 0:
            while i < n and text[i] != "\n":
                i += 1
        elif c == "'":
            begin(i)
            close = text.find("'", i + 1)
            if close < 0:
                raise src.error("This single quote is never closed.", i)
            buf.add(text[i + 1: close])
            i = close + 1
        elif c == '"' or (c == "$" and text[i + 1: i + 2] == '"'):
            begin(i)
            i = _double_quoted(src, i + (2 if c == "$" else 1), i, buf)
        elif c == "$" and text[i + 1: i + 2] == "'":
            begin(i)
            j = i + 2
            while True:
                if j >= n:
                    raise src.error("This $'…' quote is never closed.", i)
                ch = text[j]
                if ch == "'":
                    break
                if ch == "\\" and j + 1 < n:
                    j = _ansi_escape(text, j + 1, buf)
                else:
                    m = _ANSI_PLAIN.match(text, j)
                    end = m.end() if m else j + 1
                    buf.add(text[j:end])
                    j = end
            i = j + 1
        elif c == "&" and _glued_ampersand(text, i, start >= 0):
            warnings.append(f"{src.at(i)}: an unquoted & is read as part of the word, not as a shell operator.")
            buf.add(c)
            i += 1
        elif c == "&":
            if text[i + 1: i + 2] == ">":
                end_word()
                skip_next = True
                i += 2
                while i < n and text[i] == ">":
                    i += 1
            else:
                end_segment(False)
                i += 2 if text[i + 1: i + 2] == "&" else 1
        elif c == "|":
            if text[i + 1: i + 2] == "|":
                end_segment(False)
                i += 2
            else:
                end_segment(True)
                i += 2 if text[i + 1: i + 2] == "&" else 1
        elif c in "<>":
            if start >= 0 and buf.text().isdigit():  # `2>`: the digits name a file descriptor
                buf, start = _Chars(), -1
            else:
                end_word()
            i += 1
            while i < n and text[i] in ">&|":
                i += 1
            skip_next = True
        else:
            begin(i)
            m = _BASH_PLAIN.match(text, i)
            end = m.end() if m else i + 1
            buf.add(text[i:end])
            i = end
    end_segment(False)
    return segments


def _double_quoted(src: _Source, i: int, opened_at: int, out: _Chars) -> int:
    text, n = src.text, len(src.text)
    while i < n:
        ch = text[i]
        if ch == '"':
            return i + 1
        if ch == "\\" and i + 1 < n:
            nx = text[i + 1]
            if nx == "\n":
                i += 2
                continue
            if nx in '$`"\\':
                out.add(nx)
                i += 2
                continue
        m = _DOUBLE_PLAIN.match(text, i)
        end = m.end() if m else i + 1
        out.add(text[i:end])
        i = end
    raise src.error("This double quote is never closed.", opened_at)


# ------------------------------------------------------------------------------------------------- cmd splitting

#: a character produced by cmd.exe's pass, with where it came from; `redirect` marks `>`/`<` (not a character)
_CmdChar = tuple[str, int, bool]


def _is_cmd(text: str) -> bool:
    if re.search(r"\^[ \t]*$", text, re.MULTILINE) or '^"' in text:
        return True
    # a one-line Firefox "(Windows)" copy has no carets, but writes a quote inside quotes as `""` between
    # characters, which bash would read as an empty string. Bash copies quote with `'` instead, so a `'` outside
    # double quotes says bash.
    if not re.search(r'(?<=\S)""(?=\S)', text):
        return False
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"' and (i == 0 or text[i - 1] != "\\"):
            quoted = not quoted
        elif ch == "'" and not quoted:
            return False
    return True


def _split_cmd(src: _Source, warnings: list[str]) -> list[_Segment]:
    text = src.text
    n = len(text)
    raw: list[tuple[list[_CmdChar], bool]] = []
    chars: list[_CmdChar] = []
    piped = False
    in_quote = False
    quote_at = 0

    def cut(next_piped: bool) -> None:
        nonlocal chars, piped
        raw.append((chars, piped))
        chars, piped = [], next_piped

    i = 0
    while i < n:
        c = text[i]
        if in_quote:  # cmd.exe passes everything inside its quotes through, carets included
            if c == "\n":
                raise src.error("This double quote is never closed on its line.", quote_at)
            if c == '"':
                in_quote = False
            chars.append((c, i, False))
            i += 1
        elif c == "^":
            m = _CMD_CONTINUATION.match(text, i)
            if m:
                i += len(m.group(0))
                # the caret escapes the next line's first character too: Chrome writes a newline inside a value as
                # `^` + two newlines. A quote there still opens a quote (kinder to hand-typed lines than cmd.exe).
                if i < n and text[i] != '"':
                    chars.append((text[i], i, False))
                    i += 1
            elif i + 1 < n:
                chars.append((text[i + 1], i + 1, False))
                i += 2
            else:
                i += 1
        elif c == '"':
            in_quote, quote_at = True, i
            chars.append((c, i, False))
            i += 1
        elif c == "\n":
            cut(False)
            i += 1
        elif c == "&" and _glued_ampersand(text, i, bool(chars) and chars[-1][0] not in " \t"):
            warnings.append(f"{src.at(i)}: an unescaped & is read as part of the word, not as a command separator.")
            chars.append((c, i, False))
            i += 1
        elif c == "&":
            cut(False)
            i += 2 if text[i + 1: i + 2] == "&" else 1
        elif c == "|":
            if text[i + 1: i + 2] == "|":
                cut(False)
                i += 2
            else:
                cut(True)
                i += 1
        elif c in "<>":
            chars.append((c, i, True))
            i += 1
            while i < n and text[i] in ">&":
                i += 1
        else:
            chars.append((c, i, False))
            i += 1
    if in_quote:
        raise src.error("This double quote is never closed.", quote_at)
    cut(False)
    segments = []
    for seg_chars, seg_piped in raw:
        words = _crt_words(src, seg_chars)
        if words:
            segments.append(_Segment(words, seg_piped))
    return segments


def _crt_words(src: _Source, chars: list[_CmdChar]) -> list[_Word]:
    """The C runtime's argv splitting of what cmd.exe passed on (see the module doc for the backslash rule)."""
    words: list[_Word] = []
    buf: list[str] = []
    start = -1
    quoted = False
    quote_at = 0
    skip_next = False
    k, n = 0, len(chars)

    def end_word() -> None:
        nonlocal start, skip_next
        if start >= 0:
            if skip_next:
                skip_next = False
            else:
                words.append(_Word("".join(buf), start))
            buf.clear()
            start = -1

    while k < n:
        ch, off, redirect = chars[k]
        if redirect:
            if start >= 0 and "".join(buf).isdigit():
                buf.clear()
                start = -1
            else:
                end_word()
            skip_next = True
            k += 1
            continue
        if start < 0 and (quoted or ch not in " \t\r"):
            start = off
        if ch == "\\":
            run = 0
            while k + run < n and chars[k + run][0] == "\\" and not chars[k + run][2]:
                run += 1
            k += run
            if k < n and chars[k][0] == '"':
                buf.append("\\" * (run // 2))
                if run % 2:
                    buf.append('"')
                    k += 1
            else:
                buf.append("\\" * ((run + 1) // 2 if quoted else run))
        elif ch == '"':
            if quoted and k + 1 < n and chars[k + 1][0] == '"':
                buf.append('"')  # `""` inside quotes: a literal quote, staying quoted (MSVCRT since 2008)
                k += 2
            else:
                quoted = not quoted
                quote_at = off
                k += 1
        elif not quoted and ch in " \t\r":
            end_word()
            k += 1
        elif quoted and ch == "`" and k + 1 < n and chars[k + 1][0] == "$":
            buf.append("$")  # Firefox's PowerShell guard
            k += 2
        else:
            buf.append(ch)
            k += 1
    if quoted:
        raise src.error("This double quote is never closed.", quote_at)
    end_word()
    return words


# --------------------------------------------------------------------------------------------------- options

#: long option → takes a value. Options curl handles that we map are dispatched by name in _Parser.apply.
_MAPPED: dict[str, bool] = {
    "request": True, "header": True, "data": True, "data-ascii": True, "data-raw": True, "data-binary": True,
    "data-urlencode": True, "json": True, "form": True, "form-string": True, "user": True, "cookie": True,
    "get": False, "head": False, "compressed": False, "insecure": False, "location": False, "location-trusted": False,
    "url": True, "user-agent": True, "referer": True, "max-redirs": True, "max-time": True, "http2": False,
    "http2-prior-knowledge": False, "http1.1": False, "http1.0": False, "digest": False, "basic": False,
    "ntlm": False, "anyauth": False, "oauth2-bearer": True, "upload-file": True, "url-query": True, "next": False,
    "range": True,
}
#: options about curl's output or its own behaviour, not the request: ignored without a word
_QUIET: dict[str, bool] = {
    "silent": False, "show-error": False, "verbose": False, "include": False, "output": True, "remote-name": False,
    "remote-name-all": False, "remote-header-name": False, "write-out": True, "dump-header": True, "fail": False,
    "fail-with-body": False, "fail-early": False, "progress-bar": False, "no-progress-meter": False,
    "no-buffer": False, "globoff": False, "styled-output": False, "create-dirs": False, "output-dir": True,
    "remote-time": False, "stderr": True, "trace": True, "trace-ascii": True, "trace-time": False,
    "trace-ids": False, "trace-config": True, "parallel": False, "parallel-max": True, "parallel-immediate": False,
    "retry": True, "retry-delay": True, "retry-max-time": True, "retry-all-errors": False,
    "retry-connrefused": False, "raw": False, "tr-encoding": False, "path-as-is": False, "disable": False,
    "ipv4": False, "ipv6": False, "tcp-nodelay": False, "tcp-fastopen": False, "keepalive-time": True,
    "no-keepalive": False, "no-sessionid": False, "ssl-no-revoke": False, "ssl-revoke-best-effort": False,
    "junk-session-cookies": False, "cookie-jar": True, "xattr": False, "no-alpn": False, "no-npn": False,
    "tlsv1": False, "tlsv1.0": False, "tlsv1.1": False, "tlsv1.2": False, "tlsv1.3": False, "sslv2": False,
    "sslv3": False, "ssl": False, "ssl-reqd": False, "ssl-allow-beast": False, "false-start": False,
    "help": False, "version": False, "manual": False, "buffer": False, "suppress-connect-headers": False,
    "etag-save": True, "alt-svc": True, "hsts": True, "show-headers": False,
}
#: options that change the request in ways we do not model: a warning each
_UNSUPPORTED: dict[str, bool] = {
    "proxy": True, "proxy-user": True, "preproxy": True, "socks4": True, "socks4a": True, "socks5": True,
    "socks5-hostname": True, "noproxy": True, "proxytunnel": False, "proxy-insecure": False, "cacert": True,
    "capath": True, "cert": True, "cert-type": True, "key": True, "key-type": True, "pass": True, "ciphers": True,
    "pinnedpubkey": True, "crlfile": True, "resolve": True, "connect-to": True, "interface": True,
    "unix-socket": True, "abstract-unix-socket": True, "local-port": True, "dns-servers": True,
    "dns-interface": True, "doh-url": True, "limit-rate": True, "max-filesize": True, "continue-at": True,
    "config": True, "netrc": False, "netrc-file": True, "netrc-optional": False, "negotiate": False,
    "aws-sigv4": True, "delegation": True, "service-name": True, "request-target": True, "time-cond": True,
    "speed-limit": True, "speed-time": True, "connect-timeout": True, "expect100-timeout": True,
    "happy-eyeballs-timeout-ms": True, "http3": False, "http3-only": False, "http0.9": False,
    "haproxy-protocol": False, "post301": False, "post302": False, "post303": False, "proto": True,
    "proto-redir": True, "proto-default": True, "ignore-content-length": False, "variable": True,
    "list-only": False, "append": False, "use-ascii": False, "telnet-option": True, "quote": True,
    "ftp-port": True, "etag-compare": True, "tlsuser": True, "tlspassword": True, "tlsauthtype": True,
    "login-options": True, "sasl-ir": False, "mail-from": True, "mail-rcpt": True, "crlf": False,
}
_LONG: dict[str, bool] = {**_QUIET, **_UNSUPPORTED, **_MAPPED}
_SHORT: dict[str, str] = {
    "X": "request", "H": "header", "d": "data", "F": "form", "u": "user", "b": "cookie", "G": "get", "I": "head",
    "k": "insecure", "L": "location", "A": "user-agent", "e": "referer", "m": "max-time", "T": "upload-file",
    ":": "next", "r": "range", "s": "silent", "S": "show-error", "v": "verbose", "i": "include", "o": "output",
    "O": "remote-name", "J": "remote-header-name", "w": "write-out", "D": "dump-header", "f": "fail",
    "#": "progress-bar", "N": "no-buffer", "g": "globoff", "Z": "parallel", "4": "ipv4", "6": "ipv6",
    "j": "junk-session-cookies", "c": "cookie-jar", "R": "remote-time", "q": "disable", "h": "help", "V": "version",
    "M": "manual", "x": "proxy", "U": "proxy-user", "p": "proxytunnel", "E": "cert", "K": "config", "n": "netrc",
    "C": "continue-at", "z": "time-cond", "y": "speed-limit", "Y": "speed-time", "0": "http1.0", "l": "list-only",
    "a": "append", "B": "use-ascii", "t": "telnet-option", "Q": "quote", "P": "ftp-port", "1": "tlsv1",
    "2": "sslv2", "3": "sslv3",
}

_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|\{\{|localhost\b|\[[0-9a-f:.]+\]|\d{1,3}(?:\.\d{1,3}){3}\b|"
                     r"[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/?#]|$))", re.IGNORECASE)


@dataclass
class _Data:
    kind: str  # "text" | "json" | "file"
    text: str
    word: _Word


@dataclass
class _Options:
    urls: list[_Word] = field(default_factory=list)
    method: str | None = None
    head: bool = False
    get: bool = False
    headers: list[dict[str, Any]] = field(default_factory=list)
    cookies: list[str] = field(default_factory=list)
    #: where the Cookie header made of the -b values goes: at the first -b, among the headers in flag order
    cookie_at: int | None = None
    data: list[_Data] = field(default_factory=list)
    form: list[dict[str, Any]] = field(default_factory=list)
    url_query: list[str] = field(default_factory=list)
    user: str | None = None
    auth_kind: str = "basic"
    bearer: str | None = None
    compressed: bool = False
    insecure: bool = False
    location: bool = False
    max_redirs: int | None = None
    timeout_ms: int | None = None
    http2: bool = False
    upload_file: str | None = None
    json: bool = False


def _encode(text: str) -> str:
    # curl_easy_escape: everything but RFC 3986 unreserved characters, space as %20
    return quote(text, safe="-._~")


class _Parser:
    def __init__(self, src: _Source, warnings: list[str]) -> None:
        self.src = src
        self.warnings = warnings
        self.groups: list[_Options] = [_Options()]

    @property
    def opts(self) -> _Options:
        return self.groups[-1]

    def warn(self, word: _Word, message: str) -> None:
        self.warnings.append(f"{self.src.at(word.offset)}: {message}")

    def parse(self, words: list[_Word]) -> list[_Options]:
        i, n = 1, len(words)
        positional_only = False
        while i < n:
            word = words[i]
            t = word.text
            if positional_only or not t.startswith("-") or t == "-":
                self.opts.urls.append(word)
            elif t == "--":
                positional_only = True
            elif t.startswith("--"):
                i = self._long(words, i)
            else:
                i = self._short(words, i)
            i += 1
        return self.groups

    def _value(self, words: list[_Word], i: int, name: str) -> tuple[_Word, int]:
        if i + 1 >= len(words):
            raise self.src.error(f"The option {name} needs a value.", words[i].offset)
        return words[i + 1], i + 1

    def _long(self, words: list[_Word], i: int) -> int:
        word = words[i]
        name, eq, inline = word.text[2:].partition("=")
        on = True
        if name not in _LONG and name.startswith("no-") and _LONG.get(name[3:]) is False:
            name, on = name[3:], False
        if name not in _LONG:
            consumed = ""
            if not eq and i + 1 < len(words) and not words[i + 1].text.startswith("-") \
                    and not _URLISH.match(words[i + 1].text):
                # unknown options usually take a value; a next word that is no URL is most likely it
                consumed = f" (and its value {words[i + 1].text!r})"
                i += 1
            self.warn(word, f"unknown option --{name}{consumed} ignored.")
            return i
        if _LONG[name]:
            if eq:
                value = _Word(inline, word.offset)
            else:
                value, i = self._value(words, i, f"--{name}")
            self.apply(name, value, word)
        else:
            if eq:
                self.warn(word, f"--{name} takes no value; {inline!r} ignored.")
            self.flag(name, on, word)
        return i

    def _short(self, words: list[_Word], i: int) -> int:
        word = words[i]
        t = word.text
        j = 1
        while j < len(t):
            letter = t[j]
            name = _SHORT.get(letter)
            if name is None:
                self.warn(word, f"unknown option -{letter} ignored.")
                j += 1
                continue
            if _LONG[name]:
                rest = t[j + 1:]
                if rest:
                    value = _Word(rest, word.offset)
                else:
                    value, i = self._value(words, i, f"-{letter}")
                self.apply(name, value, word)
                return i
            self.flag(name, True, word)
            j += 1
        return i

    def flag(self, name: str, on: bool, word: _Word) -> None:
        o = self.opts
        if name == "next":
            self.groups.append(_Options())
        elif name == "get":
            o.get = on
        elif name == "head":
            o.head = on
        elif name == "compressed":
            o.compressed = on
        elif name == "insecure":
            o.insecure = on
        elif name in ("location", "location-trusted"):
            o.location = on
        elif name in ("http2", "http2-prior-knowledge"):
            o.http2 = on
        elif name in ("http1.1", "http1.0"):
            o.http2 = False
        elif name in ("digest", "ntlm"):
            o.auth_kind = name if on else "basic"
        elif name in ("basic", "anyauth"):
            o.auth_kind = "basic"
        elif name in _UNSUPPORTED:
            self.warn(word, f"--{name} is not something we can import; ignored.")

    def apply(self, name: str, value: _Word, word: _Word) -> None:
        o = self.opts
        v = value.text
        if name in _QUIET:
            return
        if name in _UNSUPPORTED:
            self.warn(word, f"--{name} {v!r} is not something we can import; ignored.")
        elif name == "request":
            if not re.fullmatch(METHOD_PATTERN, v):
                raise self.src.error(f"{v!r} is not an HTTP method.", value.offset)
            o.method = v
        elif name == "url":
            o.urls.append(value)
        elif name == "header":
            self._header(v, word)
        elif name == "user-agent":
            if v:
                o.headers.append({"key": "User-Agent", "value": v})
        elif name == "referer":
            ref = v.removesuffix(";auto")
            if ref:
                o.headers.append({"key": "Referer", "value": ref})
        elif name == "range":
            o.headers.append({"key": "Range", "value": f"bytes={v}"})
        elif name == "cookie":
            if "=" not in v:
                self.warn(word, f"cookies from the file {v!r} cannot be read from here; ignored.")
            else:
                if o.cookie_at is None:
                    o.cookie_at = len(o.headers)
                    o.headers.append({"key": "Cookie", "value": ""})  # filled with every -b value when built
                o.cookies.append(v.strip().rstrip(";"))
        elif name in ("data", "data-ascii", "data-binary"):
            o.data.append(_Data("file", v[1:], word) if v.startswith("@") else _Data("text", v, word))
        elif name == "data-raw":
            o.data.append(_Data("text", v, word))
        elif name == "json":
            o.json = True
            o.data.append(_Data("file", v[1:], word) if v.startswith("@") else _Data("json", v, word))
        elif name == "data-urlencode":
            o.data.append(_Data("text", self._urlencoded(v, word), word))
        elif name == "url-query":
            o.url_query.append(v[1:] if v.startswith("+") else self._urlencoded(v, word))
        elif name in ("form", "form-string"):
            self._form(v, word, literal=name == "form-string")
        elif name == "user":
            o.user = v
        elif name == "oauth2-bearer":
            o.bearer = v
        elif name == "upload-file":
            o.upload_file = v
        elif name == "max-redirs":
            self._max_redirs(v, word)
        elif name == "max-time":
            self._max_time(v, word)

    def _header(self, v: str, word: _Word) -> None:
        if v.startswith("@"):
            self.warn(word, f"headers from the file {v[1:]!r} cannot be read from here; ignored.")
            return
        name, colon, value = v.partition(":")
        name = name.strip()
        if not colon:
            if name.endswith(";") and name[:-1].strip():
                self.opts.headers.append({"key": name[:-1].strip(), "value": ""})  # curl's empty-header syntax
            else:
                self.warn(word, f"-H {v!r} is not a header (no colon); ignored.")
            return
        if not name:
            self.warn(word, f"-H {v!r} has no header name; ignored.")
            return
        value = value.strip()
        if not value:
            self.warn(word, f"-H {v!r} tells curl not to send its default {name} header; we send none, so it is "
                            "dropped.")
            return
        self.opts.headers.append({"key": name, "value": value})

    def _urlencoded(self, v: str, word: _Word) -> str:
        """One --data-urlencode piece, encoded the way curl does (the name part is left as typed)."""
        eq = v.find("=")
        at = v.find("@")
        if eq >= 0:
            name, content = v[:eq], v[eq + 1:]
            return f"{name}={_encode(content)}" if name else _encode(content)
        if at >= 0:
            name = v[:at]
            self.warn(word, f"--data-urlencode reads {v[at + 1:]!r} from a file, which cannot be read from here; "
                            f"{'the field ' + repr(name) + ' is left empty' if name else 'it is left out'}.")
            return f"{name}=" if name else ""
        return _encode(v)

    def _form(self, v: str, word: _Word, *, literal: bool) -> None:
        name, eq, content = v.partition("=")
        if not eq:
            self.warn(word, f"-F {v!r} is not name=content; ignored.")
            return
        if literal:
            self.opts.form.append({"key": name, "type": "text", "value": content})
            return
        if content.startswith("@"):
            path, params = _form_params(content[1:])
            self.opts.form.append({"key": name, "type": "file", "value": "",
                                   "filename": params.get("filename") or basename(path) or None,
                                   "content_type": params.get("type")})
        elif content.startswith("<"):
            path, params = _form_params(content[1:])
            self.warn(word, f"the form field {name!r} takes its text from the file {path!r}, which cannot be read "
                            "from here; it is left empty.")
            self.opts.form.append({"key": name, "type": "text", "value": "", "content_type": params.get("type")})
        else:
            text, params = _form_params(content)
            self.opts.form.append({"key": name, "type": "text", "value": text, "content_type": params.get("type")})

    def _max_redirs(self, v: str, word: _Word) -> None:
        try:
            count = int(v)
        except ValueError:
            self.warn(word, f"--max-redirs {v!r} is not a number; ignored.")
            return
        if count < 0 or count > MAX_REDIRECTS:
            self.warn(word, f"--max-redirs {v} is beyond what we follow; {MAX_REDIRECTS} it is.")
            count = MAX_REDIRECTS
        self.opts.max_redirs = count

    def _max_time(self, v: str, word: _Word) -> None:
        try:
            seconds = float(v)
        except ValueError:
            self.warn(word, f"--max-time {v!r} is not a number; ignored.")
            return
        ms = round(seconds * 1000)
        if seconds <= 0 or ms > MAX_TIMEOUT_MS:
            # curl's 0 means "no limit"; ours has one
            self.warn(word, f"--max-time {v} is beyond our limit; {MAX_TIMEOUT_MS // 1000} seconds it is.")
            ms = MAX_TIMEOUT_MS
        self.opts.timeout_ms = max(1, ms)


def _form_params(spec: str) -> tuple[str, dict[str, str]]:
    """`value;type=x;filename="y"` → ("value", {"type": "x", "filename": "y"}). A leading `"…"` quotes the value."""
    params: dict[str, str] = {}
    if spec.startswith('"'):
        m = re.match(r'"((?:[^"\\]|\\.)*)"', spec)
        if m:
            value = re.sub(r"\\(.)", r"\1", m.group(1))
            rest = spec[m.end():]
        else:
            value, rest = spec, ""
    else:
        value, _, rest = spec.partition(";")
        rest = ";" + rest if rest else ""
    for pm in re.finditer(r';\s*([A-Za-z]+)=(?:"((?:[^"\\]|\\.)*)"|([^;]*))', rest):
        params[pm.group(1).lower()] = re.sub(r"\\(.)", r"\1", pm.group(2)) if pm.group(2) is not None \
            else pm.group(3).strip()
    return value, params


# --------------------------------------------------------------------------------------------------- building


def _is_curl(word: str) -> bool:
    return basename(word).lower() in ("curl", "curl.exe")


def import_curl(text: str) -> Bundle:
    """Every curl command in `text` as one request (one per URL) of a "cURL import" collection."""
    check_size(text)
    src = _Source(text.removeprefix("\ufeff").replace("\r\n", "\n"))
    cmd = _is_cmd(src.text)
    bundle = Bundle(source="curl")
    segments = _split_cmd(src, bundle.warnings) if cmd else _split_bash(src, bundle.warnings)
    children: list[FolderNode | RequestNode] = []
    for seg in segments:
        words = seg.words
        if words[0].text == "$" and len(words) > 1:
            words = words[1:]  # a shell prompt copied from docs
        first = words[0]
        if seg.piped:
            bundle.warnings.append(f"{src.at(first.offset)}: curl's output piped to {first.text!r}; ignored.")
            continue
        if cmd and (first.text.lower() == "rem" or first.text.startswith("::")):
            continue
        if not _is_curl(first.text):
            raise src.error(f"Expected a curl command here, found {first.text[:40]!r}.", first.offset)
        for opts in _Parser(src, bundle.warnings).parse(words):
            if not opts.urls:
                raise src.error("This curl command has no URL.", first.offset)
            for url_word in opts.urls:
                doc = _request(opts, url_word, src, bundle.warnings)
                children.append(build_request(doc, src.at(url_word.offset), field_in_location=False))
    if not children:
        raise ImportError_("There is no curl command here.", location="line 1, column 1")
    bundle.collections.append(build_folder({"name": "cURL import"}, children, "collection"))
    return bundle


def _request(o: _Options, url_word: _Word, src: _Source, warnings: list[str]) -> dict[str, Any]:
    here = src.at(url_word.offset)
    url = url_word.text.strip()
    headers = [dict(h) for h in o.headers]
    if o.cookie_at is not None:
        headers[o.cookie_at]["value"] = "; ".join(o.cookies)
    data = list(o.data)

    if o.method:
        method = o.method
    elif o.head:
        method = "HEAD"
    elif o.get:
        method = "GET"
    elif o.upload_file is not None:
        method = "PUT"
    elif data or o.form:
        method = "POST"
    else:
        method = "GET"

    if o.get and data:
        pieces = []
        for d in data:
            if d.kind == "file":
                warnings.append(f"{src.at(d.word.offset)}: data from the file {d.text!r} cannot be read from here; "
                                "left out of the query.")
            else:
                pieces.append(d.text)
        url = append_query(url, pieces)
        data = []
    elif o.head and data:
        warnings.append(f"{here}: curl refuses -I together with data; the data is left out.")
        data = []
    url = append_query(url, o.url_query)
    if o.json and find_header(headers, "accept") is None:
        headers.append({"key": "Accept", "value": "application/json"})

    body: dict[str, Any] = {"mode": "none"}
    if o.form:
        if data:
            warnings.append(f"{here}: curl refuses -F together with -d; the -d data is left out.")
        rows = [dict(r) for r in o.form]
        file_rows_warning(rows, warnings, here)
        body = {"mode": "formdata", "formdata": rows}
        headers = [h for h in headers
                   if not (h["key"].lower() == "content-type" and media_type(h["value"]).startswith("multipart/"))]
    elif o.upload_file is not None:
        name = basename(o.upload_file)
        if url.partition("?")[0].endswith("/"):
            url = url.partition("?")[0] + quote(name) + ("?" + url.partition("?")[2] if "?" in url else "")
        warnings.append(f"{here}: -T uploads the file {o.upload_file!r}, which cannot be read from here; attach "
                        "it to the binary body.")
        body = {"mode": "binary", "binary": {"filename": name or None,
                                             "content_type": find_header(headers, "content-type")}}
    elif data:
        body, headers = _data_body(data, o.json, headers, here, warnings)

    auth: dict[str, Any] = {"type": "noauth"}
    if o.bearer is not None:
        auth = {"type": "bearer", "attributes": auth_attrs(token=o.bearer)}
    elif o.user is not None:
        username, _, password = o.user.partition(":")
        auth = {"type": o.auth_kind, "attributes": auth_attrs(username=username, password=password)}

    settings: dict[str, Any] = {
        "follow_redirects": o.location,
        "max_redirects": CURL_MAX_REDIRS if o.max_redirs is None else o.max_redirs,
        "verify_tls": not o.insecure,
        "http2": o.http2,
    }
    if o.timeout_ms is not None:
        settings["timeout_ms"] = o.timeout_ms
    doc: dict[str, Any] = {"name": request_name(url), "method": method, "url": url, "params": query_rows(url),
                           "headers": headers, "body": body, "auth": auth, "settings": settings}
    if o.compressed:
        doc["extras"] = {"curl": {"compressed": True}}
    return doc


def _data_body(data: list[_Data], json_flag: bool, headers: list[dict[str, Any]], here: str,
               warnings: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    content_type = find_header(headers, "content-type")
    files = [d for d in data if d.kind == "file"]
    if files:
        first = files[0]
        where = "standard input" if first.text == "-" else f"the file {first.text!r}"
        extra = " The other data pieces are left out." if len(data) > 1 else ""
        warnings.append(f"{here}: the body is read from {where}, which cannot be read from here; attach it to the "
                        f"binary body.{extra}")
        implied = "application/json" if json_flag else FORM_TYPE
        return {"mode": "binary", "binary": {"filename": None if first.text == "-" else basename(first.text) or None,
                                             "content_type": content_type or implied}}, headers

    text = ""
    for k, d in enumerate(data):
        # --json pieces concatenate; every other data option joins with `&`
        text += d.text if k == 0 or d.kind == "json" else "&" + d.text
    if content_type is None and json_flag:
        return raw_body("json", text, warnings, here), headers
    mode = mode_for(media_type(content_type)) if content_type is not None else None
    if mode in ("json", "xml"):
        return raw_body(mode, text, warnings, here), headers
    if mode == "formdata" and content_type is not None:
        rows = parse_multipart(text, content_type)
        if rows is not None:
            file_rows_warning(rows, warnings, here)
            return {"mode": "formdata", "formdata": rows}, drop_headers(headers, "content-type")
        return raw_body("text", text, warnings, here), headers
    if content_type is None or mode == "urlencoded":
        if content_type is None and text == "":
            return {"mode": "urlencoded", "urlencoded": []}, headers  # an empty form: same bytes, same type
        rows = form_rows(text)
        if rows is not None:
            return {"mode": "urlencoded", "urlencoded": rows}, headers
        if content_type is None:
            headers = [*headers, {"key": "Content-Type", "value": FORM_TYPE}]
            if is_json_document(text):
                warnings.append(f"{here}: this JSON body has no Content-Type, so curl sends it as {FORM_TYPE} and so "
                                "do we; remove that header to send it as application/json.")
                return raw_body("json", text, warnings, here), headers
    return raw_body("text", text, warnings, here), headers
