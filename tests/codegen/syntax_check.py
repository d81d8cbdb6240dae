"""Parses snippets with tree-sitter; run by the codegen venv's Python (where the grammars are installed), not by
pytest's. Reads [{"language": ..., "code": ...}] as JSON on stdin, writes [{"errors": [...], "strings": [...]}]:
the places the parser could not make sense of, and the source text of every string literal, in order."""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

#: language → (grammar module, node types that are one whole string literal)
GRAMMARS = {
    "powershell": ("tree_sitter_powershell", {"verbatim_string_characters", "expandable_string_literal"}),
    "csharp": ("tree_sitter_c_sharp", {"string_literal"}),
    "rust": ("tree_sitter_rust", {"string_literal"}),
    "swift": ("tree_sitter_swift", {"line_string_literal"}),
    "kotlin": ("tree_sitter_kotlin", {"string_literal"}),
    "dart": ("tree_sitter_dart", {"string_literal"}),
    "java": ("tree_sitter_java", {"string_literal"}),
    "php": ("tree_sitter_php", {"encapsed_string", "string"}),
}


def check(language: str, code: str) -> dict[str, Any]:
    import tree_sitter

    module_name, string_types = GRAMMARS[language]
    module = importlib.import_module(module_name)
    lang = module.language_php() if language == "php" else module.language()
    tree = tree_sitter.Parser(tree_sitter.Language(lang)).parse(code.encode("utf-8"))
    errors: list[str] = []
    strings: list[str] = []

    def walk(node: Any) -> None:
        if node.type == "ERROR" or node.is_missing:
            line = node.start_point[0] + 1
            errors.append(f"line {line}: {'missing ' + node.type if node.is_missing else 'cannot parse'}: "
                          f"{node.text.decode('utf-8', 'replace')[:80]!r}")
        if node.type in string_types:
            strings.append(node.text.decode("utf-8"))
            return
        for child in node.children:
            walk(child)

    walk(tree.root_node)
    return {"errors": errors, "strings": strings}


def main() -> None:
    items = json.load(sys.stdin)
    json.dump([check(item["language"], item["code"]) for item in items], sys.stdout)


if __name__ == "__main__":
    main()
