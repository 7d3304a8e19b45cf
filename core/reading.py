"""One reading of a page: answers about its object read once while the page is built.

A page asks the same questions many times while it is built: whether the reader is conflicted with
the case (the actions, the discipline steps, the measures' monitors ask it), who decides it, the key
that unseals its trail's personal data. Nothing is written while a page is read, so within a
`page_reading()` block each answer is read once. Outside a block nothing is kept: a service's check
always reads the database, a conflict declared or a key destroyed a moment ago included.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_memo: ContextVar[dict | None] = ContextVar("casework_page_reading", default=None)


@contextmanager
def page_reading() -> Iterator[None]:
    """Keep the answers read until the block ends (a block inside another shares the outer one's)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def reading() -> bool:
    """Whether a `page_reading()` block is open (what is kept now would be read again)."""
    return _memo.get() is not None


def read_once(key: Hashable, build: Callable[[], Any]) -> Any:
    """`build()`, kept under `key` within a `page_reading()` block; built on each call outside one."""
    memo = _memo.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]


def recall(key: Hashable) -> Any:
    """The answer kept under `key`; None when none is (always outside a block)."""
    memo = _memo.get()
    return None if memo is None else memo.get(key)


def keep(key: Hashable, value: Any) -> None:
    """Keep `value` under `key` within a block (nothing outside one)."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value
