"""The `playground` command line (installed into .venv/bin by make): offline tools over the same pure core.

    playground codegen --target python-requests request.json     # a RequestDoc (JSON) → a snippet
    playground codegen --target go-nethttp --curl "curl -X POST https://api.example.com -d 'a=1'"
    playground codegen --list
    playground import openapi.yaml                               # show what an import would create

`--env FILE` resolves {{variables}} from a Postman environment file; without it, variables stay as placeholders.
Secret values become placeholders unless `--include-secrets` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def _request_from_args(args: argparse.Namespace) -> dict[str, Any]:
    from chalicelib.interop.tree import FolderNode, RequestNode

    if args.curl:
        from chalicelib.interop.curl import import_curl

        bundle = import_curl(args.curl)
    elif args.file:
        raw = Path(args.file).read_bytes()
        try:
            doc = json.loads(raw)
        except ValueError:
            doc = None
        if isinstance(doc, dict) and "method" in doc or isinstance(doc, dict) and "url" in doc and "item" not in doc:
            return doc
        from chalicelib.interop.service import parse

        bundle = parse(raw, None)
    else:
        raise SystemExit("give a request file or --curl")

    def first(node: FolderNode) -> dict[str, Any] | None:
        for child in node.children:
            if isinstance(child, RequestNode):
                return child.doc
            found = first(child)
            if found:
                return found
        return None

    for root in bundle.collections:
        found = first(root)
        if found:
            return found
    raise SystemExit("no request found in the input")


def _environment(path: str | None) -> list[dict[str, Any]]:
    if not path:
        return []
    from chalicelib.interop.postman import import_environment

    bundle = import_environment(Path(path).read_bytes())
    return [row for env in bundle.environments for row in env.variables]


def codegen(args: argparse.Namespace) -> int:
    from chalicelib.codegen import TARGETS, generate
    from chalicelib.executor.auth import MemoryTokenCache
    from chalicelib.executor.prepare import Context, prepare
    from chalicelib.schema.documents import RequestDoc

    if args.list:
        for name, target in TARGETS.items():
            print(f"{name:22} {target.label}")
        return 0
    if args.target not in TARGETS:
        print(f"unknown target {args.target!r}; see --list", file=sys.stderr)
        return 2
    doc = RequestDoc.model_validate(_request_from_args(args)).model_dump()
    env = _environment(args.env)
    ctx = Context(environment=env, dynamic=bool(env))
    prepared = prepare(doc, ctx, client=None, token_cache=MemoryTokenCache(), cache_key="cli")
    print(generate(prepared.request, args.target, include_secrets=args.include_secrets))
    if prepared.report.unresolved:
        print(f"# unresolved variables: {', '.join(prepared.report.unresolved)}", file=sys.stderr)
    return 0


def show_import(args: argparse.Namespace) -> int:
    from chalicelib.interop.service import parse
    from chalicelib.interop.tree import FolderNode

    bundle = parse(Path(args.file).read_bytes(), args.format)

    def walk(node: FolderNode, depth: int) -> None:
        print("  " * depth + f"[{node.doc['name']}]")
        for child in node.children:
            if isinstance(child, FolderNode):
                walk(child, depth + 1)
            else:
                print("  " * (depth + 1) + f"{child.doc['method']:7} {child.doc['name']}  {child.doc['url']}")

    print(f"format: {bundle.source}")
    for root in bundle.collections:
        walk(root, 0)
    for env in bundle.environments:
        print(f"environment: {env.name} ({len(env.variables)} variables)")
    for warning in bundle.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playground", description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    cg = sub.add_parser("codegen", help="a code snippet that sends the request exactly")
    cg.add_argument("file", nargs="?", help="a request (JSON) or anything `playground import` reads")
    cg.add_argument("--curl", help="a cURL command line instead of a file")
    cg.add_argument("--target", "-t", default="curl")
    cg.add_argument("--env", help="a Postman environment file to resolve {{variables}} from")
    cg.add_argument("--include-secrets", action="store_true")
    cg.add_argument("--list", action="store_true", help="list the targets")
    cg.set_defaults(run=codegen)
    im = sub.add_parser("import", help="show what importing a file would create")
    im.add_argument("file")
    im.add_argument("--format", default=None)
    im.set_defaults(run=show_import)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except Exception as exc:  # noqa: BLE001 - a command line answers with a message, not a traceback
        message = getattr(exc, "message", None) or str(exc)
        print(f"playground: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
