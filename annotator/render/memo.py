"""What a long-running process (`mkdocs serve`) keeps of the pages and the pieces of pages it rendered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Pages and pieces of pages rendered before, by everything they show (see `memoised`).
PageMemo = dict[tuple[Any, ...], str]


def memoised(memo: PageMemo | None, key: tuple[Any, ...], make: Callable[[], str]) -> str:
    """`make()`, or what it made before for the same `key`, which must hold every value the result shows."""
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]
