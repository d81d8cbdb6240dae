"""HAR 1.2 of history entries: what was sent and what came back, as browsers' devtools and other tools read it."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import parse_qsl, urlsplit

#: HAR's "not known" marker
UNKNOWN = -1


def _headers(rows: list[Any]) -> list[dict[str, str]]:
    return [{"name": str(k), "value": str(v)} for k, v in rows]


def _mime(headers: list[Any]) -> str:
    return next((str(v) for k, v in headers if str(k).lower() == "content-type"), "")


def entry(execution: dict[str, Any]) -> dict[str, Any]:
    result = execution.get("result") or execution.get("result_summary") or {}
    sent = result.get("request_sent") or {}
    url = str(sent.get("url") or (execution.get("doc") or {}).get("url") or "")
    req_headers = list(sent.get("headers") or [])
    request: dict[str, Any] = {
        "method": sent.get("method") or (execution.get("doc") or {}).get("method", "GET"),
        "url": url,
        "httpVersion": result.get("http_version") or "HTTP/1.1",
        "cookies": [],
        "headers": _headers(req_headers),
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)],
        "headersSize": UNKNOWN,
        "bodySize": int(sent.get("body_size") or 0),
    }
    if sent.get("body"):
        request["postData"] = {"mimeType": _mime(req_headers), "text": sent["body"]}
    res_headers = list(result.get("headers") or [])
    content: dict[str, Any] = {"size": int(result.get("size_body") or 0), "mimeType": _mime(res_headers)}
    if result.get("body_text") is not None:
        content["text"] = result["body_text"]
    elif result.get("body_base64"):
        content["text"] = result["body_base64"]
        content["encoding"] = "base64"
    if result.get("size_body_compressed") and result.get("size_body"):
        content["compression"] = int(result["size_body"]) - int(result["size_body_compressed"])
    timings = result.get("timings") or {}
    error = result.get("error") or {}
    response = {
        "status": int(result.get("status") or 0),
        "statusText": result.get("reason") or error.get("message", ""),
        "httpVersion": result.get("http_version") or "HTTP/1.1",
        "cookies": [{"name": c.get("name", ""), "value": c.get("value", ""),
                     **({"path": c["path"]} if c.get("path") else {}),
                     **({"domain": c["domain"]} if c.get("domain") else {}),
                     "httpOnly": bool(c.get("http_only")), "secure": bool(c.get("secure"))}
                    for c in result.get("cookies") or []],
        "headers": _headers(res_headers),
        "content": content,
        "redirectURL": next((str(v) for k, v in res_headers if str(k).lower() == "location"), ""),
        "headersSize": int(result.get("size_headers") or UNKNOWN),
        "bodySize": int(result.get("size_body_compressed") or UNKNOWN),
    }
    if error:
        response["_error"] = {"code": error.get("code"), "message": error.get("message")}
    return {
        "startedDateTime": execution.get("started_at") or execution.get("created_at"),
        "time": float(timings.get("total") or 0),
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"blocked": UNKNOWN, "dns": timings.get("dns", UNKNOWN), "connect": timings.get("connect", UNKNOWN),
                    "ssl": timings.get("tls", UNKNOWN), "send": 0, "wait": timings.get("ttfb", 0),
                    "receive": timings.get("download", 0)},
        "comment": f"{execution.get('trigger', 'manual')} execution {execution.get('id', '')}",
    }


def har(executions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"log": {"version": "1.2", "creator": {"name": "API Playground", "version": "1.0"},
                    "entries": [entry(e) for e in executions]}}


def decode_body(content: dict[str, Any]) -> bytes:
    """The response body bytes of a HAR content object (for tests and re-imports)."""
    text = str(content.get("text") or "")
    return base64.b64decode(text) if content.get("encoding") == "base64" else text.encode()
