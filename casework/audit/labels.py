"""What a reader sees instead of an internal value: the one labelling layer of every page.

Action codes, field names and coded values are labelled here, for the audit timeline, the audit
search and any template that shows a stored value (`{% load labels %}`). Each app registers the
words it owns; what it does not register comes from its models, since their fields' verbose names
and `choices` labels are already in Vietnamese and translated:

    # in CasesConfig.ready()
    from casework.audit.labels import register_action_labels, register_field_labels
    register_action_labels({"case.accept": "Thụ lý đơn", "case.reject": "Không thụ lý"})
    register_field_labels({"status": "Trạng thái", "due_on": "Hạn xử lý"})
    register_value_labels("status", {"accepted": "Đã thụ lý"})
    register_reference_fields({"lead": "org.user", "inspections.inspection.proposal": "inspections.disciplineproposal"})

Ids of other objects (a user, a unit, a case) are shown by name or reference through
`casework.audit.references`. A code nobody labelled is shown as it is, so a missing label never
hides an event; the page walk in tests/web/test_no_internal_codes.py fails on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model
from django.utils.functional import Promise
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

Label = str | Promise  # a plain text or a lazy translation

# The apps whose models hold the domain: their field names, choices and ids are what must not leak.
DOMAIN_APPS = ("casework.", "workflows", "notifications")

_actions: dict[str, Label] = {}
_fields: dict[str, Label] = {}
_values: dict[str, dict[str, object]] = {}  # field → coded value → label (str or lazy translation)
_references: dict[str, str] = {}  # value key (or "app.model.key") → "app.model" its ids point at
_event_fields: dict[tuple[str, str], Label] = {}  # (action, key) → label
_event_values: dict[tuple[str, str], dict[str, object]] = {}  # (action, key) → coded value → label
_event_references: dict[tuple[str, str], str] = {}  # (action, key) → "app.model" its ids point at ("" none)
_shared: dict[str, list[Label]] = {}  # field → every label registered for it as shared, in order
_value_lookups: dict[str, Callable[[str], object | None]] = {}  # field → a coded value's label, or None
_reasons: dict[str, Label] = {}  # reason code → its text, with %(param)s placeholders


def register_reason_texts(texts: Mapping[str, Label]) -> None:
    """The texts of the reasons the system writes by itself (a sweep's), stored as a code and its
    parameters and put into words in the reader's language when shown (casework.audit.timeline.coded_reason):
    register_reason_texts({"overdue": _("Quá hạn %(due_on)s.")})."""
    _reasons.update(texts)


def reason_template(code: str) -> Label | None:
    return _reasons.get(code)


def register_action_labels(labels: Mapping[str, Label]) -> None:
    _actions.update(labels)


def register_field_labels(labels: Mapping[str, Label]) -> None:
    """Labels shared by every action whose events store that key: only for a key that means the same
    wherever it is written; a key whose meaning depends on the action is labelled per action
    (`register_event_labels`). Each registration is kept, so that two meanings under one name show
    (`field_label_meanings`)."""
    for name, label in labels.items():
        _shared.setdefault(name, []).append(label)
    _fields.update(labels)


def register_value_labels(field: str, labels: Mapping[str, object]) -> None:
    """Labels for the coded values of one field: register_value_labels("status", {"accepted": "Đã thụ lý"}).

    For a field holding a mapping (a report's figures), the labels of its keys."""
    _values.setdefault(field, {}).update(labels)


def register_event_labels(
    action: str,
    *,
    fields: Mapping[str, Label] | None = None,
    values: Mapping[str, Mapping[str, object]] | None = None,
    references: Mapping[str, str] | None = None,
) -> None:
    """Labels of the keys the events of one action store, of their coded values, and the model whose ids
    a key holds ("" for none), where a key means something else than elsewhere (an export's "kind" is not
    a case's kind; a request to explain's "means" is not a withdrawal's):
    register_event_labels("report.export", fields={"kind": "Văn bản"}, values={"kind": {"redacted_copy": "Bản che"}})."""
    for key, label in (fields or {}).items():
        _event_fields[(action, key)] = label
    for key, labels in (values or {}).items():
        _event_values.setdefault((action, key), {}).update(labels)
    for key, target in (references or {}).items():
        _event_references[(action, key)] = target


def register_event_fields_of(action: str, model: type[Model], keys: Iterable[str]) -> None:
    """The keys of `action`'s events that are `model`'s fields of those names (a request to explain
    stores the request's day, deadline and means): each labelled by the field's verbose name, its coded
    values by its choices, its ids by the model it points at."""
    for key in keys:
        field = model._meta.get_field(key)
        assert isinstance(field, Field), f"{model.__name__}.{key} is no field of its own"
        _event_fields[(action, key)] = field.verbose_name
        if field.choices:
            _event_values.setdefault((action, key), {}).update((str(k), v) for k, v in field.flatchoices)
        if field.is_relation and field.related_model is not None:
            _event_references[(action, key)] = field.related_model._meta.label_lower


def register_value_lookup(field: str, lookup: Callable[[str], object | None]) -> None:
    """Labels of coded values kept in the database rather than in `choices` (a subject area's code):
    `lookup(value)` answers the label, or None when it knows no such value."""
    _value_lookups[field] = lookup


def register_reference_fields(references: Mapping[str, str]) -> None:
    """Keys of stored values that hold another object's id and are no model field of their own
    ("team": [4, 5, 6] → "org.user"); "app.model.key" limits one to events of that model, and "" there
    says that key holds no id although the model has a foreign key of that name."""
    _references.update(references)


# ---------------------------------------------------------------- models as the source of words


def domain_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith(DOMAIN_APPS)]


def model_for(target_type: str) -> type[Model] | None:
    """The model of an "app_label.model_name" key, or None for anything else."""
    if target_type.count(".") != 1:
        return None
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _model_field(model: type[Model] | None, name: str) -> Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, Field) else None  # not a reverse relation


def _named(field: Field) -> Label | None:
    """A field's verbose name when a person wrote one (Django's default is the code with spaces)."""
    name = field.verbose_name
    if isinstance(name, Promise):  # a translated name (its English may read like the code)
        return name
    if not name or name == field.name.replace("_", " "):
        return None
    return name


@cache
def _domain_fields(name: str) -> tuple[Field, ...]:
    """Fields of that name in every domain model, in a stable order."""
    found = (_model_field(m, name) for m in sorted(domain_models(), key=lambda m: m._meta.label_lower))
    return tuple(f for f in found if f is not None)


def _choice(field: Field | None, value: str) -> object | None:
    if field is None or not field.choices:
        return None
    return dict((str(k), v) for k, v in field.flatchoices).get(value)


# ---------------------------------------------------------------- the labels


def action_label(code: str) -> str:
    return str(_actions.get(code, code))


def labelled_action_codes() -> list[str]:
    return sorted(_actions)


def field_label_meanings(name: str) -> set[str]:
    """The distinct labels a key could be shown under when its action labels none of its own: those
    registered as shared and the verbose names of the domain models' fields of that name. More than one
    is a collision: the key must be labelled by each action that writes it (`register_event_labels`)."""
    labels = [*_shared.get(name, ()), *(n for n in map(_named, _domain_fields(name)) if n is not None)]
    return {str(label).strip().casefold() for label in labels}


def field_label_is_own(name: str, target_type: str = "", action: str = "") -> bool:
    """Whether the events of `action` on `target_type` show `name` under a label meant for them: one
    registered for the action, or the verbose name of the target model's own field."""
    if (action, name) in _event_fields:
        return True
    field = _model_field(model_for(target_type), name)
    return field is not None and _named(field) is not None


def event_label_actions() -> list[str]:
    """The actions some key is labelled, valued or referenced for (`register_event_labels`)."""
    return sorted({action for action, _key in [*_event_fields, *_event_values, *_event_references]})


def labelled_value_codes() -> list[str]:
    """Every coded value a label is registered for (on a field, or on one action's key)."""
    codes = {code for labels in _values.values() for code in labels}
    codes |= {code for labels in _event_values.values() for code in labels}
    return sorted(str(code) for code in codes)


def action_codes_matching(text: str) -> list[str]:
    """Action codes whose label, as the reader reads it (the active language), contains `text`: the
    search finds the events whose action column shows what was typed, in English as in Vietnamese."""
    needle = text.strip().casefold()
    if not needle:
        return []
    return [code for code, label in _actions.items() if needle in str(label).casefold()]


def field_label(name: str, target_type: str = "", action: str = "") -> str:
    """What the events of `action` call that key, if registered; else the model's own verbose name (a
    case's "outcome" is not an inspection's), then what an app registered, then the verbose name of
    any domain field of that name."""
    if (action, name) in _event_fields:
        return capfirst(str(_event_fields[(action, name)]))
    field = _model_field(model_for(target_type), name)
    label = _named(field) if field is not None else None
    if label is None:
        label = _fields.get(name)
    if label is None:
        label = next((n for n in map(_named, _domain_fields(name)) if n is not None), None)
    return capfirst(str(label)) if label is not None else name


def value_label(field: str, value: str, target_type: str = "", action: str = "") -> object | None:
    """The label of a coded value: what the events of `action` call it, if registered; else the model's
    own choices (a recommendation's "open" is not a deadline's), then what an app registered, then the
    choices of any domain field of that name, then the app's lookup of values kept in the database."""
    label = _event_values.get((action, field), {}).get(value)
    if label is None:
        label = _choice(_model_field(model_for(target_type), field), value)
    if label is None:
        label = _values.get(field, {}).get(value)
    if label is None:
        label = next((c for c in (_choice(f, value) for f in _domain_fields(field)) if c is not None), None)
    if label is None and field in _value_lookups:
        label = _value_lookups[field](value)
    return label


def reference_model(field: str, target_type: str = "", action: str = "") -> str | None:
    """ "app.model" of the objects whose ids `field` holds in values of `target_type` (in the events of
    `action`, when it registered its own), if any."""
    registered = _event_references.get((action, field))
    if registered is None:
        registered = _references.get(f"{target_type}.{field}", _references.get(field))
    if registered is not None:
        return registered or None  # "" says: a model's foreign key whose stored value is no id
    model_field = _model_field(model_for(target_type), field)
    if model_field is not None and model_field.is_relation and model_field.related_model is not None:
        return model_field.related_model._meta.label_lower
    return None


# Action codes are "<prefix>.<transition>"; most prefixes are the model's name.
_ACTION_PREFIX = {"inspectionplan": "plan"}


def transition_label(model: type[Model], name: str) -> str | None:
    """The label of a state machine's transition, when its action code was labelled."""
    model_name = str(model._meta.model_name)
    prefix = _ACTION_PREFIX.get(model_name, model_name)
    label = _actions.get(f"{prefix}.{name}")
    return str(label) if label is not None else None


# Actor labels the system itself writes into events. The stored text is part of the hash chain, so
# it never changes; only its display follows the reader's language.
_STORED_ACTORS = {
    "Hệ thống": _("Hệ thống"),
    "Người chưa đăng nhập": _("Người chưa đăng nhập"),
}


def actor_display(label: str) -> object:
    return _STORED_ACTORS.get(label, label)


def _defaults(registry: dict, labels: Mapping[str, object]) -> None:
    for key, label in labels.items():
        registry.setdefault(key, label)
        if registry is _fields and registry[key] is label:
            _shared.setdefault(key, []).append(label)


def register_builtin_labels() -> None:
    """Labels of cross-cutting actions; never replaces a label an app registered itself."""
    _defaults(
        _actions,
        {
            "auth.login": _("Đăng nhập"),
            "auth.login_failed": _("Đăng nhập không thành công"),
            "auth.logout": _("Đăng xuất"),
            "role.assign": _("Phân công vai trò"),
            "role.revoke": _("Thu hồi vai trò"),
            "role.change": _("Thay đổi vai trò"),
            "role.delete": _("Xóa phân công vai trò"),
            "unit.create": _("Tạo đơn vị"),
            "unit.change": _("Sửa thông tin đơn vị"),
            "unit.update": _("Sửa thông tin đơn vị"),
            "file.upload": _("Tải lên tệp đính kèm"),
            "file.download": _("Tải xuống tệp đính kèm"),
            "audit.verify_failed": _("Phát hiện chuỗi nhật ký bị phá vỡ"),
            # Fallbacks for actions of other apps, until (or unless) they register their own.
            "account.lockout": _("Khoá tài khoản do đăng nhập sai nhiều lần"),
            "account.login_failed": _("Đăng nhập không thành công"),
            "account.otp_enrol": _("Đăng ký xác thực hai lớp"),
            "account.otp_verify": _("Xác thực hai lớp"),
            "account.otp_failed": _("Xác thực hai lớp không thành công"),
            "user.email_notifications": _("Đổi lựa chọn nhận thông báo qua e-mail"),
            "user.position": _("Đổi chức vụ"),
            "policy.change": _("Thay đổi quy định thời hạn"),
            "policy.copy": _("Sao chép quy định thời hạn thành phiên bản mới"),
            "calendar.change": _("Thay đổi lịch ngày làm việc"),
            "deadline.remind": _("Nhắc hạn"),
            "deadline.remind_deferred": _("Hoãn nhắc hạn (ngoài giờ hành chính)"),
            "deadline.breach": _("Quá hạn"),
            "deadline.recorded": _("Ghi nhận vào nhật ký hạn của các thời hạn đang chạy"),
            "escalation.open": _("Chuyển lên Ban Thường vụ"),
            "escalation.overdue": _("Ban Thường vụ chưa quyết định đúng hạn"),
            "escalation.move_up": _("Chuyển lên cấp trên"),
            "escalation.refer": _("Chuyển cơ quan khác"),
            "case.identity_reveal": _("Xem danh tính người tố cáo"),
            "report.export": _("Xuất báo cáo"),
            "report.import": _("Nhập dữ liệu"),
            "report.download": _("Tải báo cáo"),
            "flag.raise": _("Ghi nhận dấu hiệu vi phạm"),
            "flag.assign": _("Phân công xem xét dấu hiệu vi phạm"),
            "flag.inspected": _("Đã kiểm tra dấu hiệu vi phạm"),
            "flag.decide": _("Quyết định về dấu hiệu vi phạm"),
            "inspection.open": _("Mở cuộc kiểm tra"),
            "inspection.finding": _("Ghi nhận kết quả kiểm tra"),
            "account.oidc_link": _("Liên kết tài khoản đăng nhập một lần"),
            "account.oidc_refused": _("Từ chối đăng nhập một lần"),
            "account.oidc_second_factor": _("Xác thực hai lớp qua đăng nhập một lần"),
            "delegation.change": _("Thay đổi ủy quyền phê duyệt"),
            "intake.rejected": _("Không ghi được đơn gửi trực tuyến"),
            "role.acting_appoint": _("Giao quyền Chủ nhiệm UBKT"),
            "role.acting_end": _("Kết thúc quyền chủ nhiệm trước hạn"),
            "role.acting_cancel": _("Hủy quyền chủ nhiệm chưa bắt đầu"),
            "absence.record": _("Ghi nhận vắng mặt"),
            "absence.substitute": _("Giao người thay khi vắng mặt"),
            "absence.cancel": _("Hủy lịch vắng mặt"),
            "absence.end": _("Kết thúc vắng mặt"),
            "calendar.notice": _("Thay đổi thông báo lịch nghỉ, làm bù"),
        },
    )
    from notifications.channels import CHANNEL_CHOICES

    _defaults(
        _actions,
        {
            f"user.channel.{code}": format_lazy(_("Đổi lựa chọn nhận thông báo qua {}"), label)
            for code, label in CHANNEL_CHOICES
        },
    )
    _defaults(_references, {"user": "org.user", "assignee": "org.user", "unit": "org.unit", "actor": "org.user"})
    _defaults(
        _fields,
        {
            "status": _("Trạng thái"),
            "username": _("Tên đăng nhập"),
            "user": _("Người dùng"),
            "role": _("Vai trò"),
            "valid_from": _("Từ ngày"),
            "valid_to": _("Đến ngày"),
            "code": _("Mã"),
            "name": _("Tên"),
            "reason": _("Lý do"),
            "due_on": _("Hạn"),
            "assignee": _("Người được giao"),
            "unit": _("Đơn vị"),
            "address_set": _("Đã có địa chỉ nhận"),
            "dry_run": _("Chạy thử"),
            "references": _("Số hồ sơ"),
            "written": _("Đã ghi vào hệ thống"),
            "generated_at": _("Lập lúc"),
            "job": _("Lượt xuất"),
            "month": _("Tháng"),
            "identities": _("Kèm danh tính"),
            "ip": _("Địa chỉ IP"),
            "copied_from": _("Sao chép từ phiên bản"),
        },
    )
    from casework.org.models import Role

    _defaults(_values.setdefault("role", {}), {str(role.value): role.label for role in Role})
