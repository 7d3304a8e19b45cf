"""No Vietnamese message reaches a reader without passing through gettext.

The catalogue test (test_catalog.py) checks that every wrapped string has an English entry; it
cannot see a string that was never wrapped. This test reads the source of our apps and fails on a
string literal with Vietnamese letters that goes, as written, where a reader sees it:

- the message of an error (the project's error classes and their subclasses, Django's and DRF's),
  including the field messages of a ValidationFailed / ValidationError dict;
- a flash message (`messages.error(request, ...)`) or a form error (`form.add_error(field, ...)`);
- a `detail` in an API answer built by hand (`Response({...})`, `JsonResponse({...})`);
- an entry written into an errors dict or list (`errors["field"] = ...`, `file_errors.append(...)`);
- `help_text`, `label`, `verbose_name` of a field, form or serializer, and an app's `verbose_name`;
- the `summary` and `description` of an API operation, response, parameter or example in the schema
  (`extend_schema`, `OpenApiResponse`, `OpenApiParameter`, `OpenApiExample`, and our `object_action`).

A module-level constant counts as the literal it holds, so `raise Refused(MESSAGE)` with
`MESSAGE = "..."` is caught too (wrap it with gettext_noop and call gettext where it is used).
A literal inside gettext(...) (or _(), gettext_lazy, ngettext, ...) is wrapped and passes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from tests.i18n.letters import VIETNAMESE

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["casework", "workflows", "notifications", "core"]

# Letters only Vietnamese uses (with their tone-marked forms), as in test_pages_in_english.py.

# Errors whose message a view, the API or a page shows. Subclasses defined in our code are added.
ERRORS = {
    "ApplicationError",
    "ValidationFailed",
    "OutOfScope",
    "TransitionNotAllowed",
    "ConcurrentChange",
    "KeyReused",
    "PolicyMissing",
    "PermissionDenied",
    "Http404",
    "ValidationError",
    "ParseError",
    "AuthenticationFailed",
    "NotAuthenticated",
    "NotFound",
    "APIException",
    "SuspiciousOperation",
}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
FIELD_TEXTS = {"help_text", "label", "verbose_name", "verbose_name_plural"}
RESPONSES = {"Response", "JsonResponse"}
# The schema's texts: drf-spectacular reads them when the schema is generated, in the reader's language.
SCHEMA_CALLS = {"extend_schema", "OpenApiResponse", "OpenApiParameter", "OpenApiExample", "object_action"}
SCHEMA_TEXTS = {"summary", "description"}

# Places where a bare Vietnamese literal is right, each with its reason. A path prefix covers the
# files under it. Keep this short: a new entry needs a reason a reviewer would accept.
ALLOWED: dict[str, str] = {
    # Management commands speak to the operator at the console, who runs them in the server's
    # language; their CommandError texts are not shown on a page or in the API.
    "management/commands/": "console output for operators",
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    sink: str
    text: str

    def __str__(self) -> str:
        return f"  {self.path}:{self.line} [{self.sink}] {self.text[:80]!r}"


def _python_files() -> list[Path]:
    files = []
    for top in SOURCE_DIRS:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                files.append(path)
    return files


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """ERRORS and every class of ours that derives from one of them (to a fixed point)."""
    names = set(ERRORS)
    classes = [n for tree in trees.values() for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    grew = True
    while grew:
        grew = False
        for cls in classes:
            if cls.name not in names and any(_name(base) in names for base in cls.bases):
                names.add(cls.name)
                grew = True
    return names


def _constants(trees: dict[Path, ast.Module]) -> dict[str, str]:
    """Module-level NAME = "literal" with Vietnamese letters, in any of our modules."""
    found = {}
    for tree in trees.values():
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign | ast.AnnAssign):
                value = stmt.value
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and VIETNAMESE.search(value.value):
                    for target in targets:
                        if isinstance(target, ast.Name):
                            found[target.id] = value.value
    return found


class _Checker:
    def __init__(self, constants: dict[str, str]) -> None:
        self.constants = constants

    def bare_text(self, node: ast.AST | None) -> str | None:
        """The Vietnamese text `node` shows unwrapped, or None when it shows none (or it is wrapped)."""
        if node is None:
            return None
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) and VIETNAMESE.search(node.value) else None
        if isinstance(node, ast.JoinedStr):
            parts = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            return parts if VIETNAMESE.search(parts) else None
        if isinstance(node, ast.BinOp):
            return self.bare_text(node.left) or self.bare_text(node.right)
        if isinstance(node, ast.IfExp):
            return self.bare_text(node.body) or self.bare_text(node.orelse)
        if isinstance(node, ast.BoolOp):
            return next((t for v in node.values if (t := self.bare_text(v))), None)
        if isinstance(node, ast.Dict):
            return next((t for v in node.values if (t := self.bare_text(v))), None)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return next((t for v in node.elts if (t := self.bare_text(v))), None)
        if isinstance(node, ast.Name | ast.Attribute) and _name(node) in self.constants:
            return self.constants[_name(node)]
        if isinstance(node, ast.Call) and _name(node.func) == "str":  # str("...") wraps nothing
            return self.bare_text(node.args[0]) if node.args else None
        return None  # a call (gettext, a helper), a variable, a subscript: not a literal here


def _sinks(node: ast.AST, errors: set[str]) -> list[tuple[str, ast.AST]]:
    """(what it is, the value shown) for each place in `node` where a text reaches a reader."""
    found: list[tuple[str, ast.AST]] = []
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in errors:
            found += [(name, arg) for arg in node.args]
            found += [(name, kw.value) for kw in node.keywords if kw.arg in {"message", "detail"}]
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        if _name(owner) == "messages" if owner is not None else False:
            if name in MESSAGE_LEVELS:
                found += [(f"messages.{name}", arg) for arg in node.args[1:]]
            elif name == "add_message":
                found += [("messages.add_message", arg) for arg in node.args[2:]]
        if name == "add_error" and len(node.args) > 1:
            found.append(("add_error", node.args[1]))
        if name == "append" and owner is not None and "error" in _name(owner).lower():
            found += [(f"{_name(owner)}.append", arg) for arg in node.args]
        if name in RESPONSES and node.args and isinstance(node.args[0], ast.Dict):
            body = node.args[0]
            found += [
                (f"{name} detail", value)
                for key, value in zip(body.keys, body.values, strict=True)
                if isinstance(key, ast.Constant) and key.value in {"detail", "message"}
            ]
        found += [(kw.arg, kw.value) for kw in node.keywords if kw.arg in FIELD_TEXTS]
        if name in SCHEMA_CALLS:
            found += [(f"{name} {kw.arg}", kw.value) for kw in node.keywords if kw.arg in SCHEMA_TEXTS]
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Subscript) and "error" in _name(target.value).lower():
                found.append((f"{_name(target.value)}[...] =", node.value))
            if isinstance(target, ast.Name) and target.id in FIELD_TEXTS:  # an AppConfig's or Meta's name
                found.append((target.id, node.value))
    return found


def bare_messages() -> list[Finding]:
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _python_files()}
    errors = _error_classes(trees)
    checker = _Checker(_constants(trees))
    findings = []
    for path, tree in trees.items():
        relative = str(path.relative_to(ROOT))
        if any(prefix in relative for prefix in ALLOWED):
            continue
        for node in ast.walk(tree):
            for sink, value in _sinks(node, errors):
                text = checker.bare_text(value)
                if text:
                    findings.append(Finding(relative, getattr(value, "lineno", node.lineno), sink, text))
    return findings


def test_no_vietnamese_message_reaches_a_reader_unwrapped():
    findings = bare_messages()
    assert not findings, (
        "Vietnamese text shown without gettext (wrap it in _()/gettext at call time and add the English"
        " entry with po-add.py):\n" + "\n".join(str(f) for f in findings)
    )


def _findings_in(source: str) -> list[str]:
    tree = ast.parse(source)
    trees = {ROOT / "example.py": tree}
    checker = _Checker(_constants(trees))
    errors = _error_classes(trees)
    return [sink for node in ast.walk(tree) for sink, value in _sinks(node, errors) if checker.bare_text(value)]


def test_the_check_sees_every_kind_of_bare_message():
    # Guards the test above against silently looking at nothing.
    source = """
MESSAGE = "Không tìm thấy."
class Refused(TransitionNotAllowed):
    pass
raise OutOfScope("Không tìm thấy đơn vị.")
raise ValidationFailed({"unit": "Đơn vị không hợp lệ."})
raise ValidationFailed({"unit": [f"Đơn vị {code} không hợp lệ."]})
raise Refused("Không được phép " + name)
raise Http404(MESSAGE)
messages.error(request, "Đã hủy.")
form.add_error(None, "Sai mật khẩu.")
errors["years"] = f"Số năm phải từ 1 đến {n}."
result.file_errors.append("Tệp rỗng.")
JsonResponse({"detail": "Cần đăng nhập.", "code": "x"})
serializers.IntegerField(help_text="Đơn vị lập báo cáo")
class OpsConfig(AppConfig):
    verbose_name = "Vận hành"
extend_schema(summary="Thụ lý", description="Tiếp nhận đơn")
INVALID = OpenApiResponse(ErrorSerializer, description="Dữ liệu không hợp lệ")
OpenApiParameter("unit", description="Đơn vị")
OpenApiExample("x", summary="Ví dụ")
object_action(name="team", summary="Lập đoàn")
"""
    assert sorted(_findings_in(source)) == sorted(
        [
            "OutOfScope",
            "ValidationFailed",
            "ValidationFailed",
            "Refused",
            "Http404",
            "messages.error",
            "add_error",
            "errors[...] =",
            "file_errors.append",
            "JsonResponse detail",
            "help_text",
            "verbose_name",
            "extend_schema summary",
            "extend_schema description",
            "OpenApiResponse description",
            "OpenApiParameter description",
            "OpenApiExample summary",
            "object_action summary",
        ]
    )


def test_wrapped_messages_and_plain_ascii_pass():
    source = """
raise OutOfScope(gettext("Không tìm thấy đơn vị."))
raise ValidationFailed({"unit": _("Đơn vị %(code)s không hợp lệ.") % {"code": code}})
raise ApplicationError(message)
messages.success(request, _("Đã lưu."))
serializers.IntegerField(help_text=gettext_lazy("Đơn vị lập báo cáo"))
raise ValueError("not a user-facing error")
JsonResponse({"detail": "ok"})
extend_schema(summary=_("Thụ lý"), description=gettext_lazy("Tiếp nhận đơn"))
OpenApiResponse(ErrorSerializer, description="Not found")
"""
    assert _findings_in(source) == []
