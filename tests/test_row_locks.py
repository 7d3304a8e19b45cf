"""A row lock taken with its related rows joined locks only the row meant (`of=("self",)`).

`select_for_update()` combined with `select_related(...)` locks, on PostgreSQL, every joined row as
well: the units, the session, the user. Any row written meanwhile that names one of them (an audit
event, an escalation, a notice: a foreign key takes a key-share lock on the row it names) then waits
for the step, while the step may wait for a lock the writer holds (the audit chain's head, a clock):
a deadlock. A lock that must cover a related row takes that row by name, on its own.

A lock on the row of a person, a unit, a case, an inspection, its plan, a flag, a recommendation, a
supervision, a clock, a reception session or visit, a paper's template, a subject area or a deadline
policy version, rows that other rows name, serialises steps of our own and never changes the row's key
(none of those steps deletes the row): it is taken for no key update (`no_key=True`, as
`casework.cases.services.common.case_lock` takes a case), which the key-share lock of a row written
meanwhile does not wait for. A plain `FOR UPDATE` there would hold up every audit event, escalation,
notice, submitter or conflict declaration naming that person, unit or case, every flag, team member,
checklist item, finding or recommendation naming the inspection, the follow-up reports naming a
recommendation, the discipline proceeding naming a flag, the members naming a supervision, the items
naming a plan, the escalation and the change record naming a clock, the visits naming a session, the
key and the legal hold naming a visit, the versions naming a template, the letters and flags naming a
subject area and the letters registered under a policy version, until the step commits.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("casework", "workflows", "core", "notifications")


def _chain(call: ast.Call) -> list[ast.Call]:
    """The method calls of one chained expression, outermost first: a.b().c().d() → d, c, b."""
    calls = []
    node: ast.AST = call
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        calls.append(node)
        node = node.func.value
    return calls


def _locks_joined_rows(chain: list[ast.Call]) -> ast.Call | None:
    names = [call.func.attr for call in chain]  # type: ignore[attr-defined]
    if "select_related" not in names:
        return None
    for call in chain:
        if call.func.attr == "select_for_update" and not any(kw.arg == "of" for kw in call.keywords):  # type: ignore[attr-defined]
            return call
    return None


def offending_locks(source: str) -> list[int]:
    """Lines of the `select_for_update()` calls that also lock the rows their chain's select_related joins."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and (call := _locks_joined_rows(_chain(node))) is not None:
            lines.add(call.lineno)
    return sorted(lines)


# Models whose rows other rows name by a foreign key, locked to serialise our own steps.
WIDELY_NAMED = frozenset(
    {
        "User",
        "Unit",
        "Case",
        "Inspection",
        "InspectionPlan",
        "Flag",
        "Recommendation",
        "Supervision",
        "Deadline",
        "ReceptionSession",
        "ReceptionEntry",
        "PaperTemplate",
        "SubjectArea",
        "PolicyVersion",
    }
)


def _model_name(chain: list[ast.Call]) -> str | None:
    """`Unit` in Unit.objects.select_for_update()...; None for a chain not started on a model's manager."""
    root = chain[-1].func.value  # type: ignore[attr-defined]
    if isinstance(root, ast.Attribute) and root.attr == "objects" and isinstance(root.value, ast.Name):
        return root.value.id
    return None


def _is_no_key(call: ast.Call) -> bool:
    return any(
        kw.arg == "no_key" and isinstance(kw.value, ast.Constant) and kw.value.value is True for kw in call.keywords
    )


def key_blocking_locks(source: str) -> list[int]:
    """Lines of the `select_for_update()` calls on a row of a WIDELY_NAMED model not taken for no key update."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not (chain := _chain(node)) or _model_name(chain) not in WIDELY_NAMED:
            continue
        for call in chain:
            if call.func.attr == "select_for_update" and not _is_no_key(call):  # type: ignore[attr-defined]
                lines.add(call.lineno)
    return sorted(lines)


def _project_sources() -> list[tuple[Path, str]]:
    return [
        (path, path.read_text(encoding="utf-8"))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_the_check_finds_a_lock_of_joined_rows_in_either_order():
    assert offending_locks('Case.objects.select_for_update().select_related("unit").get(pk=1)') == [1]
    assert offending_locks('Case.objects.select_related("unit").select_for_update().get(pk=1)') == [1]
    assert offending_locks('Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=1)') == []
    assert offending_locks("Case.objects.select_for_update().get(pk=1)") == []


def test_no_lock_in_the_project_takes_the_rows_it_only_reads():
    found = [
        f"{path.relative_to(ROOT)}:{line}" for path, source in _project_sources() for line in offending_locks(source)
    ]
    assert found == []


def test_the_check_finds_a_person_unit_or_case_locked_for_update():
    assert key_blocking_locks("User.objects.select_for_update().get(pk=1)") == [1]
    assert key_blocking_locks("Unit.objects.select_for_update(of=('self',)).filter(pk=1).first()") == [1]
    assert key_blocking_locks("Unit.objects.filter(pk=1).select_for_update(no_key=False).first()") == [1]
    assert key_blocking_locks("User.objects.select_for_update(no_key=True).get(pk=1)") == []
    assert key_blocking_locks("Case.objects.select_for_update().get(pk=1)") == [1]
    assert key_blocking_locks("Case.objects.select_for_update(of=('self',), no_key=True).get(pk=1)") == []
    assert key_blocking_locks("Inspection.objects.select_for_update().get(pk=1)") == [1]
    assert key_blocking_locks("Inspection.objects.select_for_update(of=('self',), no_key=True).get(pk=1)") == []
    assert key_blocking_locks("Flag.objects.select_for_update().filter(inspection=1)") == [1]
    assert key_blocking_locks("Recommendation.objects.select_for_update(of=('self',)).get(pk=1)") == [1]
    assert key_blocking_locks("Supervision.objects.select_for_update(of=('self',)).get(pk=1)") == [1]
    assert key_blocking_locks("InspectionPlan.objects.select_for_update().get(pk=1)") == [1]
    assert key_blocking_locks("Deadline.objects.select_for_update().filter(step='decide')") == [1]
    assert key_blocking_locks("ReceptionEntry.objects.select_for_update(of=('self',), no_key=True).get(pk=1)") == []
    assert key_blocking_locks("FollowupReport.objects.select_for_update().get(pk=1)") == []


def test_no_lock_of_a_person_unit_or_case_in_the_project_holds_up_the_rows_naming_it():
    found = [
        f"{path.relative_to(ROOT)}:{line}" for path, source in _project_sources() for line in key_blocking_locks(source)
    ]
    assert found == []


def test_every_model_the_check_guards_is_named_by_other_rows():
    """The list names models that other models point at (so a key-share lock waits on their rows):
    an inspection by its flags, team, checklist and findings; a recommendation by its follow-up
    reports; a flag by its discipline proceeding; a supervision by its members; a plan by its items;
    a clock by its escalation and changes; a session by its visits; a visit by its key and holds; a
    template by its versions; a subject area by letters and flags; a policy version by letters."""
    from django.apps import apps

    named_by = {
        model.__name__: {rel.related_model.__name__ for rel in model._meta.related_objects}
        for model in apps.get_models()
        if model.__name__ in WIDELY_NAMED
    }
    assert set(named_by) == WIDELY_NAMED
    assert all(named_by.values()), named_by
    assert {"Flag", "TeamMember", "ChecklistItem", "Finding", "Recommendation"} <= named_by["Inspection"]
    assert "FollowupReport" in named_by["Recommendation"]
    assert "SupervisionMember" in named_by["Supervision"]
    assert "PlanItem" in named_by["InspectionPlan"]
    assert {"Escalation", "DeadlineChange"} <= named_by["Deadline"]
    assert "ReceptionEntry" in named_by["ReceptionSession"]
    assert {"ReceptionKey", "LegalHold"} <= named_by["ReceptionEntry"]
    assert "PaperTemplateVersion" in named_by["PaperTemplate"]
    assert {"Case", "Flag"} <= named_by["SubjectArea"]
    assert "Case" in named_by["PolicyVersion"]
