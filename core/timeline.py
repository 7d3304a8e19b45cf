"""Stories told on one timeline: the demo's work happens in the order of time, as in real use.

A story is a generator that yields the moment of its next step. `timeline_tell` takes, of all the stories,
the step whose moment comes first, sets the clock to that moment and resumes its story there, in a
transaction of its own, until the story yields its next moment or ends. So whatever the steps number (a
register's numbers, a series of references) is numbered in the order of its dates, across stories.

A story goes only forward: between two yields it neither moves the clock nor opens a transaction that
spans a yield (the steps of other stories run in between). What it reads before its first yield is read
before any story has run: the case or flag a story depends on is looked up after it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
from collections.abc import Callable, Generator

from django.db import transaction

from core import clock

Story = Generator[dt.datetime, None, None]


@dataclasses.dataclass
class Chapter:
    """A demo loader's stories, and what the loader answers once they are told (`result`)."""

    stories: list[Story]
    result: Callable[[], dict[str, int]]


def _resume(story: Story, at: dt.datetime | None) -> dt.datetime | None:
    """Run `story` to its next yield, under the clock set to `at` (as it is when None): the moment it yields,
    None when it ends."""
    with clock.frozen(at or clock.now()), transaction.atomic():
        moment = next(story, None)
        if at is not None and clock.now() != at:
            raise RuntimeError("A story moved the clock within a step: it yields the moment of its next step.")
    if moment is not None and at is not None and moment < at:
        raise RuntimeError(f"A story went back in time: from {at} to {moment}.")
    return moment


@transaction.atomic
def timeline_tell(*chapters: Chapter) -> list[dict[str, int]]:
    """Tell every story of the chapters on one timeline, each step at its moment, the earliest first (a story
    listed earlier first at the same moment); then each chapter's result."""
    waiting: list[tuple[dt.datetime, int, Story]] = []
    stories = [story for chapter in chapters for story in chapter.stories]
    for order, story in enumerate(stories):
        moment = _resume(story, None)
        if moment is not None:
            heapq.heappush(waiting, (moment, order, story))
    while waiting:
        at, order, story = heapq.heappop(waiting)
        moment = _resume(story, at)
        if moment is not None:
            heapq.heappush(waiting, (moment, order, story))
    return [chapter.result() for chapter in chapters]
