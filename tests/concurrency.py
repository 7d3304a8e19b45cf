"""Running work from several threads at the same instant, each on its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection, connections


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run each call in its own thread, all released together by a barrier; return what each
    returned, or the exception it raised, in the order given. Each thread closes the database
    connections it opened, so none is left for the test's teardown."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as exc:  # noqa: BLE001 - handed back to the test, which asserts on it
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def waiting_on_a_lock() -> bool:
    """Whether a connection to this test database waits on a lock now (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def one_holding(
    first: Callable[[], Any], second: Callable[[], Any], held: threading.Event, release: threading.Event
) -> tuple[Any, Any, bool]:
    """Run `first` until it holds its rows (it sets `held`, then waits for `release`), then `second`,
    until `second` is done or waits on a lock; then let `first` go on. Returns what each returned (or
    the exception it raised) and whether `second` was done while `first` still held its rows."""
    outcomes: dict[str, Any] = {}

    def run(name: str, call: Callable[[], Any]) -> None:
        try:
            outcomes[name] = call()
        except Exception as exc:  # noqa: BLE001 - handed back to the test, which asserts on it
            outcomes[name] = exc
        finally:
            connections.close_all()

    one = threading.Thread(target=run, args=("first", first))
    two = threading.Thread(target=run, args=("second", second))
    one.start()
    assert held.wait(timeout=30)
    two.start()
    for _ in range(300):  # until the second is done, or waits on a lock the first holds
        if not two.is_alive() or waiting_on_a_lock():
            break
        release.wait(timeout=0.05)
    done_meanwhile = not two.is_alive()
    release.set()
    one.join()
    two.join()
    return outcomes["first"], outcomes["second"], done_meanwhile
