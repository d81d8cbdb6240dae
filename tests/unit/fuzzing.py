"""Deterministic fuzzing of parsed documents: what the importer fuzz tests drop into real files."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any


def paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON-like value, as the keys and indexes that lead there."""
    if at:
        yield at
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from paths(child, (*at, key))


def mutated(source: Any, rng: random.Random, values: list[Any]) -> Any:
    """A copy of `source` with one to three places replaced by one of `values` (or, in a mapping, removed)."""
    doc = copy.deepcopy(source)
    spots = list(paths(doc))
    for _ in range(rng.randint(1, 3)):
        spot = rng.choice(spots)
        parent = doc
        try:
            for key in spot[:-1]:
                parent = parent[key]
            if isinstance(parent, dict) and rng.random() < 0.2:
                parent.pop(spot[-1], None)
            else:
                parent[spot[-1]] = copy.deepcopy(rng.choice(values))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced this spot's parent
    return doc
