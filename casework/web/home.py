"""What the home page "Việc của tôi" lists.

Each capability registers a function that returns a section (title, rows, link) for the user; the
home page shows the non-empty ones. This keeps the web shell ignorant of cases, inspections and
escalations while each app decides what is "my work".

A section marked ``work`` lists things to act on, one row per step, each row naming its object
(``subject``, ``url``; ``own`` when the subject is the object's own reference and title), the step
(``step``, empty when the row only says the object is mine; a step a workflow task stands for is worded
as its task is titled, so that two sections naming it make one step, ``detail`` saying more of it), the object's state (``state``), its day
(``due_on``; ``paused``, or a ``status`` chip that says so, when its clock is stopped) and whether it
is late. The page shows those rows as one list, one line per object (the same case is in "my cases",
"my deadlines" and "my tasks"): its steps together, the nearest day, late ones first, then by the
nearest day of a clock that runs. Other sections (the auditors' latest events) stay as they are, each
a table of its rows' ``label`` and ``due`` under the headings it names (``columns``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

SectionProvider = Callable[[HttpRequest], dict | None]
_providers: list[SectionProvider] = []

# How many objects the merged list shows; each source's own page lists the rest.
WORK_ITEMS = 25


def register_home_section(provider: SectionProvider) -> SectionProvider:
    _providers.append(provider)
    return provider


@dataclass
class WorkItem:
    """One object to act on, with every step the work sections list for it."""

    url: str
    subject: str
    own: bool = False
    state: str = ""
    steps: list[dict] = field(default_factory=list)
    due_on: dt.date | None = None
    overdue: bool = False
    # The nearest day of a clock that runs: a paused clock's day moves on when it resumes, so an object
    # with only paused clocks comes with the undated ones.
    running_due_on: dt.date | None = None

    def add(self, row: dict) -> None:
        # The object's own label (its reference and title, from the section that lists the object
        # itself) over the summary a clock or an escalation gives of it.
        if row.get("subject") and (not self.subject or (row.get("own") and not self.own)):
            self.subject, self.own = row["subject"], bool(row.get("own"))
        self.state = self.state or row.get("state") or ""
        if row.get("step"):
            same = next((step for step in self.steps if step["step"] == row["step"]), None)
            if same is None:
                self.steps.append(row)
            else:  # one line per step, though the object's list and its task both name it: what each adds
                for name, value in row.items():
                    if value and not same.get(name):
                        same[name] = value
        due = row.get("due_on")
        if due is not None and (self.due_on is None or due < self.due_on):
            self.due_on = due
        paused = bool(row.get("paused")) or getattr(row.get("status"), "code", "") == "paused"
        if due is not None and not paused and (self.running_due_on is None or due < self.running_due_on):
            self.running_due_on = due
        self.overdue = self.overdue or bool(row.get("overdue"))

    @property
    def actions(self) -> list[dict]:
        """The steps to take, then the clocks that run on the object."""
        return sorted(self.steps, key=lambda step: step.get("kind") == "deadline")

    def sort_key(self) -> tuple:
        return (not self.overdue, self.running_due_on is None, self.running_due_on or dt.date.max)


@dataclass
class HomePage:
    items: list[WorkItem]
    more: int
    links: list[dict]
    sections: list[dict]


def work_items(sections: list[dict]) -> tuple[list[WorkItem], list[dict]]:
    """The work sections' rows as one list of objects (late first, then the nearest day), and the
    links to each source's full list."""
    items: dict[str, WorkItem] = {}
    links = []
    for section in sections:
        if section.get("more_url"):
            links.append({"title": section["title"], "url": section["more_url"]})
        for n, row in enumerate(section["rows"]):
            # A row without a page of its own is its own item.
            key = row.get("url") or f"{section['title']}#{n}"
            item = items.get(key)
            if item is None:
                item = items[key] = WorkItem(url=row.get("url") or "", subject="")
            item.add(row)
    return sorted(items.values(), key=WorkItem.sort_key), links


def home_sections(request: HttpRequest) -> list[dict]:
    """Every registered section the user has something in."""
    return [section for section in (provider(request) for provider in _providers) if section]


def home_page(request: HttpRequest) -> HomePage:
    sections = home_sections(request)
    items, links = work_items([s for s in sections if s.get("work")])
    return HomePage(
        items=items[:WORK_ITEMS],
        more=max(0, len(items) - WORK_ITEMS),
        links=links,
        sections=[s for s in sections if not s.get("work")],
    )
