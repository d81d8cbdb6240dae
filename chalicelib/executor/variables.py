"""`{{variable}}` resolution: the first step of preparing a request.

Precedence — the one order used everywhere (executor, previews, the UI's "where does this value come from"), highest
first; the first scope holding an enabled row with the name wins:

    1. request       overrides sent with one execution (e.g. a runner's data row, a "send with" value)
    2. folder chain  the request's folder first, then its parent folder, ... up to (not including) the collection
    3. collection    the collection's own variables
    4. environment   the selected environment
    5. globals       the workspace's globals
    (6. dynamic      `{{$guid}}`, `{{$randomEmail}}`, ... — only if no scope defines that name, see below)

This deliberately differs from Postman in one place: Postman ranks the environment *above* collection variables
(global < collection < environment < data < local). Here a collection/folder value beats the environment, so a
collection can pin a value that no environment silently overrides; an environment meant to win must use a name the
collection does not define.

Syntax, following Postman's substitutor (postman-collection's `Substitutor`, regex `{{([^{}]*?)}}`):
- a name is everything between `{{` and `}}` except braces; nothing is trimmed, so `{{ host }}` looks up " host "
  (with the spaces), which no variable is normally called: it is reported unresolved, as Postman leaves it unresolved;
- names are case-sensitive;
- there is no escape: a `{{` that never closes is plain text, `{{}}` is plain text, and in `{{{a}}}` the reference is
  the inner `{{a}}` with a literal brace either side;
- within one scope, a later row with the same key wins (Postman's VariableList indexes rows by key and the later one
  replaces the earlier; with a disabled later duplicate it falls back to the last enabled one — which is what
  dropping disabled rows first gives);
- dynamic variables rank below every scope (Postman adds them as the substitutor's last "defaults"), so a user's
  own `$guid` variable shadows the generated one.

Differences from Postman's substitutor, on purpose:
- an unresolved reference stays in the text *and* is reported (`Resolution.unresolved`), so callers can warn;
- values are expanded recursively per reference (Postman re-scans the whole string up to 19 times); a value never
  combines with the text around it into a new reference, and a cycle is detected and reported instead of being
  expanded until a pass limit.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from chalicelib.executor import dynamic as _dynamic

#: how many variables deep a value may reference other variables (a → b → ... ); deeper references stay literal
MAX_DEPTH = 10
#: per `resolve` call: references expanded, and characters of variable values copied. A few nested references with
#: large values can grow exponentially (the "billion laughs" shape); past these budgets references stay literal and
#: are reported unresolved, so a hostile collection cannot exhaust a shared executor's memory or time.
MAX_REFERENCES = 100_000
MAX_CHARS = 10_000_000

#: the scope levels, highest precedence first (a folder scope is named "folder:<name>", and so on)
LEVELS = ("request", "folder", "collection", "environment", "globals")

_REF = re.compile(r"\{\{([^{}]*)\}\}")

#: a variable row: a Mapping or an object (e.g. a pydantic row) with `key`, `value`, optional `enabled` and `secret`
Row = object


@dataclass(frozen=True)
class Var:
    value: str
    secret: bool = False
    #: where the value came from, for the UI and for debugging: "request", "folder:Users", "environment:Prod", ...
    source: str = ""


@dataclass(frozen=True)
class Scope:
    """One named level of variables."""

    name: str
    vars: Mapping[str, Var]

    @classmethod
    def from_rows(cls, name: str, rows: Iterable[Row] | Mapping[str, str]) -> Scope:
        """A scope from `{key, value, enabled, secret}` rows, or from a plain name → value mapping (overrides).

        Disabled rows, rows with an empty key and rows whose value is None are skipped: None is how a stored secret
        that was not supplied looks, and skipping it makes the reference unresolved (reported) rather than blank.
        A later row with the same key replaces an earlier one.
        """
        if isinstance(rows, Mapping):
            return cls(name, {str(k): Var(str(v), False, name) for k, v in rows.items() if k})
        out: dict[str, Var] = {}
        for row in rows:
            key, value = _get(row, "key", ""), _get(row, "value", None)
            if not key or value is None or _get(row, "enabled", True) is False:
                continue
            out[str(key)] = Var(_text(value), bool(_get(row, "secret", False)), name)
        return cls(name, out)


class Scopes:
    """Named scopes, highest precedence first. Build it with `Scopes.build` to get the documented order."""

    def __init__(self, scopes: Iterable[Scope] = ()) -> None:
        self.scopes: list[Scope] = list(scopes)

    @classmethod
    def build(
        cls,
        *,
        request: Iterable[Row] | Mapping[str, str] = (),
        folders: Sequence[tuple[str, Iterable[Row]]] = (),
        collection: Iterable[Row] = (),
        collection_name: str = "",
        environment: Iterable[Row] = (),
        environment_name: str = "",
        globals_: Iterable[Row] = (),
    ) -> Scopes:
        """The five levels in the module's documented precedence.

        `folders` is the request's folder chain as (name, rows), innermost folder first.
        """
        return cls([
            Scope.from_rows("request", request),
            *(Scope.from_rows(f"folder:{name}", rows) for name, rows in folders),
            Scope.from_rows(f"collection:{collection_name}" if collection_name else "collection", collection),
            Scope.from_rows(f"environment:{environment_name}" if environment_name else "environment", environment),
            Scope.from_rows("globals", globals_),
        ])

    def lookup(self, name: str) -> Var | None:
        """The value `name` resolves to (from the highest scope that has it), or None."""
        for scope in self.scopes:
            var = scope.vars.get(name)
            if var is not None:
                return var
        return None

    def effective(self) -> dict[str, Var]:
        """Every name in scope with the value that wins (what a "variables in scope" panel shows)."""
        out: dict[str, Var] = {}
        for scope in reversed(self.scopes):
            out.update(scope.vars)
        return out


@dataclass
class Resolution:
    """What resolving produced, and what the caller must know about it."""

    text: str = ""
    #: names with no value, in order of first appearance; their `{{name}}` is left in the text
    unresolved: list[str] = field(default_factory=list)
    #: the secret values that went into the text (directly or through nested references), for later redaction
    secrets: set[str] = field(default_factory=set)
    #: names that were substituted, in order of first use (nested ones included)
    used: list[str] = field(default_factory=list)

    @property
    def tainted(self) -> bool:
        """Whether a secret went into the text (e.g. to mark a header as secret)."""
        return bool(self.secrets)

    def merge(self, other: Resolution) -> Resolution:
        """Add another piece's reports to this one (the text is left alone); returns self, to chain."""
        self.unresolved = list(dict.fromkeys([*self.unresolved, *other.unresolved]))
        self.used = list(dict.fromkeys([*self.used, *other.used]))
        self.secrets |= other.secrets
        return self


@dataclass(frozen=True)
class ResolvedRow:
    key: str
    value: str
    #: the key or the value holds a secret: redact it when storing what was sent
    secret: bool = False


def resolve(
    text: str,
    scopes: Scopes,
    *,
    dynamic: bool = True,
    rng: random.Random | None = None,
    max_depth: int = MAX_DEPTH,
) -> Resolution:
    """Replace every `{{name}}` in `text`. Never raises: what cannot be resolved stays as written and is reported.

    `dynamic=False` leaves `{{$guid}}` and friends unresolved (e.g. to preview a request without inventing values);
    `rng` makes dynamic values repeatable in tests.
    """
    run = _Run(scopes, dynamic, rng, max_depth)
    out = run.expand(text, ())
    return Resolution(out, list(dict.fromkeys(run.unresolved)), run.secrets, list(dict.fromkeys(run.used)))


def resolve_rows(
    rows: Iterable[Row],
    scopes: Scopes,
    *,
    dynamic: bool = True,
    rng: random.Random | None = None,
) -> tuple[list[ResolvedRow], Resolution]:
    """Resolve the keys and values of key/value rows (headers, params, form fields), skipping disabled rows.

    Order and duplicates are kept. The Resolution carries the reports of every row (its `text` is empty).
    """
    report = Resolution()
    out: list[ResolvedRow] = []
    for row in rows:
        if _get(row, "enabled", True) is False:
            continue
        key = resolve(_text(_get(row, "key", "")), scopes, dynamic=dynamic, rng=rng)
        value = resolve(_text(_get(row, "value", "")), scopes, dynamic=dynamic, rng=rng)
        report.merge(key).merge(value)
        out.append(ResolvedRow(key.text, value.text, key.tainted or value.tainted))
    return out, report


# --- internals --------------------------------------------------------------------------------------------------

class _Cycle(Exception):
    """Raised from inside a reference that loops back; caught where the loop was entered."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__(names)
        self.names = names


class _Run:
    """One `resolve` call: the reports and budgets are shared by every nested expansion."""

    def __init__(self, scopes: Scopes, dynamic: bool, rng: random.Random | None, max_depth: int) -> None:
        self.scopes, self.dynamic, self.rng, self.max_depth = scopes, dynamic, rng, max_depth
        self.unresolved: list[str] = []
        self.used: list[str] = []
        self.secrets: set[str] = set()
        self.references = 0
        self.chars = 0

    def expand(self, text: str, stack: tuple[str, ...]) -> str:
        if "{{" not in text:  # most values are plain: skip the regex
            return text
        return _REF.sub(lambda m: self._reference(m.group(0), m.group(1), stack), text)

    def _reference(self, whole: str, name: str, stack: tuple[str, ...]) -> str:
        if not name:
            return whole  # `{{}}` is not a reference (Postman finds no variable named "" either)
        if name in stack:
            # The loop is stack[i:] → name; unwinding to the frame that expanded `name` first undoes it all.
            raise _Cycle(stack[stack.index(name):])
        self.references += 1
        if self.references > MAX_REFERENCES:
            self.unresolved.append(name)
            return whole
        var = self.scopes.lookup(name)
        if var is None:
            value = _dynamic.generate(name, self.rng) if self.dynamic and name.startswith("$") else None
            if value is not None:
                self.chars += len(value)  # lorem paragraphs are long: they count against the budget too
            if value is None or self.chars > MAX_CHARS:
                self.unresolved.append(name)
                return whole
            self.used.append(name)
            return value  # generated values hold no braces: nothing to expand
        self.chars += len(var.value)
        if len(stack) >= self.max_depth or self.chars > MAX_CHARS:
            self.unresolved.append(name)
            return whole
        used_mark, unresolved_mark = len(self.used), len(self.unresolved)
        self.used.append(name)
        try:
            value = self.expand(var.value, (*stack, name))
        except _Cycle as cycle:
            if cycle.names[0] != name:
                raise  # an inner member of the loop: let the frame that entered it decide
            # Leave the reference as written and report the loop's members. What the aborted expansion had reported
            # is dropped (none of it is in the text); secrets it met are kept: redacting too much is harmless.
            del self.used[used_mark:], self.unresolved[unresolved_mark:]
            self.unresolved.extend(cycle.names)
            return whole
        if var.secret and value:
            # The expanded value is what appears in the output; an empty secret would "redact" every gap.
            self.secrets.add(value)
        return value


def _get(row: Row, name: str, default: object) -> object:
    if isinstance(row, Mapping):
        return row.get(name, default)
    return getattr(row, name, default)


def _text(value: object) -> str:
    # Postman stores typed variables (number, boolean) and substitutes them as JS would print them.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # JS prints 1.0 as "1"
    return value if isinstance(value, str) else str(value)
