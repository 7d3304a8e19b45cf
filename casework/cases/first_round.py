"""The result of a complaint's first round, which its second round's decision states (Luật Khiếu nại 2011
Đ.40 khoản 2 điểm d: "Kết quả giải quyết khiếu nại của người giải quyết khiếu nại lần đầu").

It is read from the first round's case, and only what that decision carries: who decided, its number and
day, its conclusion and what it kept, amended or cancelled, and any compensation (Đ.31 khoản 2 điểm g, h, i).
What the first case does not record is said to be unrecorded, never filled in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.cases.models import Case, Kind

HEADING = "Kết quả giải quyết khiếu nại của người giải quyết khiếu nại lần đầu"


@dataclass(frozen=True)
class FirstRoundResult:
    resolver: str  # the unit that resolved the first round
    number: str
    decided_on: dt.date | None
    outcome: str  # the outcome's label (Đúng, Đúng một phần, Sai), empty when not recorded
    conclusion: str
    measures: str
    compensation: str

    @property
    def recorded(self) -> bool:
        return bool(self.number or self.decided_on or self.outcome or self.conclusion or self.measures)


def first_round_result(case: Case) -> FirstRoundResult | None:
    """The first round's result for a second-round complaint that links its first case; None otherwise."""
    if case.kind != Kind.COMPLAINT or case.round != 2 or not case.previous_id:
        return None
    first = case.previous
    assert first is not None  # previous_id is set
    return FirstRoundResult(
        resolver=first.unit.name,
        number=first.decision_number.strip(),
        decided_on=first.decided_on,
        outcome=str(first.get_outcome_display() or ""),
        conclusion=first.decision_text.strip(),
        measures=first.resolution_measures.strip(),
        compensation=first.compensation.strip(),
    )


def first_round_result_text(result: FirstRoundResult | None) -> str:
    """The result as the second round's decision prints it (in the statute's language); a line saying the
    first decision is not recorded when the case links none (a first round never decided, or decided
    before the case kept its decision)."""
    if result is None:
        return "Hồ sơ không ghi nhận quyết định giải quyết khiếu nại lần đầu."
    if not result.recorded:
        return f"{result.resolver} giải quyết khiếu nại lần đầu; hồ sơ không ghi nhận quyết định giải quyết khiếu nại lần đầu."
    number = f" số {result.number}" if result.number else ""
    day = f" ngày {result.decided_on:%d/%m/%Y}" if result.decided_on else ""
    lines = [f"Quyết định giải quyết khiếu nại lần đầu{number}{day} của {result.resolver}."]
    if result.outcome:
        lines.append(f"Kết luận nội dung khiếu nại: {result.outcome.lower()}.")
    lines += [text for text in (result.conclusion, result.measures) if text]
    if result.compensation:
        lines.append(f"Việc bồi thường thiệt hại: {result.compensation}")
    missing = [
        label
        for label, value in (
            ("số quyết định", result.number),
            ("ngày ban hành", result.decided_on),
            ("kết quả", result.outcome),
        )
        if not value
    ]
    if missing:
        lines.append(f"Hồ sơ không ghi nhận {', '.join(missing)} của quyết định giải quyết khiếu nại lần đầu.")
    return "\n".join(lines)


def first_round_result_for(*, user: object, case: Case) -> FirstRoundResult | None:
    """The first round's result as a second round's page and API show it, next to the link to the first case:
    only to a reader who may read that case (scope and recusal, `case_ids_readable`), like the link itself."""
    from casework.cases.selectors import case_ids_readable

    if case.kind != Kind.COMPLAINT or case.round != 2 or not case.previous_id:
        return None
    if case.previous_id not in case_ids_readable(user=user, ids=[case.previous_id]):
        return None
    return first_round_result(case)
