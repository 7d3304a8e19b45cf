"""Notices and outbox messages are written in the site's language (Vietnamese), whoever acted and
whatever the language of their request: they are stored as written and read by other people.

The first test acts through the services with English active and reads what was stored; the others
read the code: no writer of a notice hands `notify` a text already rendered by `gettext(...)` (in the
request's language) or a bare Vietnamese text (notifications/language.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

from casework.cases.services import case_assign, case_complexity_decide, case_terminate, case_withdraw
from casework.cases.services.triage import case_accept
from notifications.channels import ZALO
from notifications.models import Notification, OutboxMessage
from notifications.services import user_set_channel
from tests import builders
from tests.builders import withdrawal_letter
from tests.i18n.letters import GETTEXT_NAMES, VIETNAMESE
from workflows.models import Deadline, step_label_of
from workflows.services.escalations import escalation_decide, escalation_open
from workflows.sweep import sweep_run

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["casework", "workflows", "notifications", "core"]


@pytest.mark.django_db
def test_notices_of_actions_taken_in_english_are_stored_in_vietnamese(cast, frozen_clock, settings):
    settings.ZALO_OA_API_URL = "http://127.0.0.1:9/zalo"  # queued only; nothing is sent here
    settings.ZALO_OA_ACCESS_TOKEN = "test-token"
    user_set_channel(user=cast.officer, channel=ZALO, address="5501", enabled=True)
    with translation.override("en"):
        case = builders.make_case(cast)
        accept_clock = Deadline.objects.get(target_type="cases.case", target_id=str(case.pk), step="accept")
        frozen_clock.set_now(accept_clock.next_reminder_at)
        assert sweep_run().reminded == 1
        case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")
        case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
        case = case_complexity_decide(
            case=case, actor=cast.leader, complexity="complex", reason="Nhiều đơn vị", grounds=["places"]
        )
        escalation = escalation_open(target=case, unit=case.unit, reason="Cần chỉ đạo", actor=cast.officer)
        escalation = escalation_decide(
            escalation=escalation, actor=cast.leader, decision="return", reason="Làm rõ thêm"
        )
        case.refresh_from_db()
        case = case_withdraw(case=case, actor=cast.officer, reason="Người khiếu nại xin rút", **withdrawal_letter())
        case_terminate(case=case, actor=cast.leader, ground="withdrawn")

    ref = case.reference
    titles = {n.key.split(":")[2]: n.title for n in Notification.objects.all()}
    with translation.override("vi"):
        step, decision = step_label_of("accept"), escalation.get_decision_display()
    assert titles["remind"].startswith("Nhắc hạn (")
    assert Notification.objects.filter(key__contains=":remind:", body__startswith=f"Bước {step}, hạn ").exists()
    assert titles["intake"] == f"{ref}: Đơn mới cần phân loại, xử lý"
    assert titles["accept"] == f"{ref}: Đã thụ lý, cần phân công người giải quyết"
    assert titles["complexity"] == f"{ref}: Quyết định về tính chất vụ việc"
    assert titles["open"] == f"Đề xuất chờ lãnh đạo quyết định ({case.unit.name})"
    assert titles["decision"] == f"Lãnh đạo đã quyết định: {decision}"
    assert titles["withdraw-whole"] == f"{ref}: Người gửi rút toàn bộ đơn: chờ quyết định đình chỉ việc giải quyết"
    assert titles["terminate"] == f"{ref}: Hồ sơ đã bị đình chỉ giải quyết"
    withdrawn = Notification.objects.filter(key__contains=":withdraw-whole:").first()
    assert withdrawn is not None and withdrawn.body == "Căn cứ đình chỉ: người khiếu nại, tố cáo rút toàn bộ đơn."
    for note in Notification.objects.all():
        assert VIETNAMESE.search(note.title), note.title
        assert not note.body or VIETNAMESE.search(note.body), note.body
    mails = OutboxMessage.objects.filter(channel="email")
    assert mails.exists() and set(mails.values_list("subject", flat=True)) <= set(titles.values())
    chats = OutboxMessage.objects.filter(channel=ZALO)
    assert chats.exists()
    for chat in chats:
        assert chat.body.startswith("UBKT: ") and " Xem: " in chat.body and VIETNAMESE.search(chat.body), chat.body


# ---- the code: what is handed to `notify` -----------------------------------------------------------

# gettext's eager forms: their result is in the language active when called (the request's).
EAGER = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
LAZY = GETTEXT_NAMES - EAGER
NOTICE_TYPE = "NoticeText"
# Parameters named so carry a text written for the notice (others, such as a reason, were typed by someone).
FORWARDED = {"title", "body", "subject"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _annotated_notice(arg: ast.arg) -> bool:
    ann = arg.annotation
    text = ann.value if isinstance(ann, ast.Constant) else ast.unparse(ann) if ann is not None else ""
    return NOTICE_TYPE in str(text)


def _params(fn: ast.FunctionDef) -> list[ast.arg]:
    return [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]


def _writers(trees: dict[str, ast.Module]) -> dict[tuple[str, str], ast.FunctionDef]:
    """The functions that take a notice text ((module, name) for private names, ("", name) else)."""
    found = {}
    for module, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and any(_annotated_notice(a) for a in _params(node)):
                found[(module if node.name.startswith("_") else "", node.name)] = node
    return found


class _Reader:
    def __init__(self, fn: ast.FunctionDef | None) -> None:
        self.fn = fn
        self.params = {a.arg: a for a in _params(fn)} if fn else {}
        self.assigned: dict[str, list[ast.AST]] = {}
        for node in ast.walk(fn) if fn else []:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)

    def problem(self, node: ast.AST, seen: frozenset[str] = frozenset()) -> str:
        """Why `node` may not be given as a notice text, or "" when it may."""
        if isinstance(node, ast.Lambda):
            return ""  # called by `notify`, in the site's language
        if isinstance(node, ast.Constant):
            return "bare Vietnamese text" if isinstance(node.value, str) and VIETNAMESE.search(node.value) else ""
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in EAGER:
                return f"{name}(...) renders in the request's language"
            if name.startswith("get_") and name.endswith("_display"):
                return f"{name}() renders in the request's language"
            if name == "str" and node.args and isinstance(node.args[0], ast.Call) and _name(node.args[0].func) in LAZY:
                return "str() renders a lazy text in the request's language"
            if isinstance(node.func, ast.Attribute):  # gettext(...).strip(), "...".format()
                return self.problem(node.func.value, seen)
            return ""
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.Constant) and VIETNAMESE.search(str(part.value)):
                    return "bare Vietnamese text"
                if isinstance(part, ast.FormattedValue):
                    if isinstance(part.value, ast.Call) and _name(part.value.func) in LAZY:
                        return "an f-string renders a lazy text in the request's language"
                    if why := self.problem(part.value, seen):
                        return why
            return ""
        if isinstance(node, ast.BinOp):
            return self.problem(node.left, seen) or self.problem(node.right, seen)
        if isinstance(node, ast.IfExp):
            return self.problem(node.body, seen) or self.problem(node.orelse, seen)
        if isinstance(node, ast.Name) and node.id not in seen:
            param = self.params.get(node.id)
            if param is not None and param.arg in FORWARDED and not _annotated_notice(param):
                # A helper passing on its caller's title: its callers are read only once it says so.
                return f"parameter {node.id!r} is passed on as a notice text: annotate it {NOTICE_TYPE}"
            return next((why for v in self.assigned.get(node.id, []) if (why := self.problem(v, seen | {node.id}))), "")
        return ""


def notice_problems(trees: dict[str, ast.Module]) -> list[str]:
    writers = _writers(trees)
    problems = []
    for module, tree in trees.items():
        stack: list[tuple[ast.AST, ast.FunctionDef | None]] = [(tree, None)]
        while stack:
            node, fn = stack.pop()
            if isinstance(node, ast.FunctionDef):
                fn = node
            if isinstance(node, ast.Call):
                name = _name(node.func)
                writer = writers.get((module, name)) or writers.get(("", name))
                if writer is not None:
                    params = _params(writer)
                    given = [(params[i], a) for i, a in enumerate(node.args) if i < len(params)]
                    given += [(p, kw.value) for kw in node.keywords for p in params if p.arg == kw.arg]
                    reader = _Reader(fn)
                    for param, value in given:
                        if _annotated_notice(param) and (why := reader.problem(value)):
                            problems.append(f"{module}:{node.lineno} {name}({param.arg}=...): {why}")
            stack.extend((child, fn) for child in ast.iter_child_nodes(node))
    return problems


def _our_trees() -> dict[str, ast.Module]:
    trees = {}
    for top in SOURCE_DIRS:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                trees[str(path.relative_to(ROOT))] = ast.parse(path.read_text(encoding="utf-8"))
    return trees


def test_no_notice_text_is_rendered_before_notify():
    trees = _our_trees()
    writers = {name for _module, name in _writers(trees)}
    # Guards the reading below against looking at nothing.
    assert {"notify", "outbox_email_to_address", "case_notify", "case_notify_party"} <= writers
    problems = notice_problems(trees)
    assert not problems, (
        "Notice texts must be rendered by `notify`, in the site's language: pass gettext_lazy(...) or a"
        " lambda (notifications/language.py):\n" + "\n".join(problems)
    )


def test_the_check_sees_every_kind_of_early_rendering():
    source = """
def notify(*, users, title: NoticeText, body: NoticeText = "", key: str): ...
def tell(case, title: NoticeText, event): notify(users=[], title=title, key=event)
def forward(case, title: str): notify(users=[], title=title, key="k")
def ok(case, reason):
    title = gettext_lazy("Tiêu đề")
    notify(users=[], title=title, body=reason, key="k")
    notify(users=[], title=lambda: gettext("Hồ sơ %(r)s") % {"r": case.reference}, key="k")
    tell(case, gettext_lazy("Đã thụ lý"), "accept")
def bad(case, flag):
    notify(users=[], title=_("Đã thụ lý"), key="k")
    notify(users=[], title=gettext("Hồ sơ %(r)s") % {"r": case.reference}, key="k")
    notify(users=[], title="Hồ sơ bị trả lại", key="k")
    notify(users=[], title=f"Quá hạn: {case.reference}", key="k")
    notify(users=[], title="Kết quả: " + flag.get_status_display(), key="k")
    notify(users=[], title=f"{gettext_lazy('Kết quả')}: {case.reference}", key="k")
    text = gettext("Lý do")
    notify(users=[], title=gettext_lazy("Tiêu đề"), body=text, key="k")
    tell(case, _("Đã thụ lý").strip(), "accept")
"""
    problems = notice_problems({"example.py": ast.parse(source)})
    lines = sorted(int(p.split(":")[1].split()[0]) for p in problems)
    assert lines == [4, 11, 12, 13, 14, 15, 16, 18, 19], problems
