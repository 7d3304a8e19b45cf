"""Forms of the leadership queue. They only parse input; the rules live in workflows.services.escalations."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.org.fields import UnitChoiceField
from casework.org.models import Unit
from casework.web.dependent_fields import depends_on
from casework.web.list_filters import ALL, all_choices
from casework.web.widgets import DayInput
from workflows.deadline_status import DUE_SOON, ESCALATED, FILTER_OVERDUE, ON_TIME, PAUSED
from workflows.models import EndGround, Escalation

AGE_CHOICES = all_choices([("3", _("Từ 3 ngày")), ("7", _("Từ 7 ngày")), ("30", _("Từ 30 ngày"))])
KIND_CHOICES = all_choices([("automatic", _("Tự động khi quá hạn")), ("manual", _("Do cán bộ chuyển"))])

# A list's "deadline" filter (workflows.deadline_status.deadline_status_q): the chips' words, each
# option in sentence case as a label standing on its own.
DEADLINE_CHOICES = all_choices(
    [
        (FILTER_OVERDUE, _("Quá hạn (kể cả đã chuyển lãnh đạo)")),
        (ESCALATED, _("Đã chuyển lãnh đạo")),
        (DUE_SOON, _("Sắp đến hạn")),
        (ON_TIME, _("Trong hạn")),
        (PAUSED, _("Tạm dừng (hồ sơ tạm đình chỉ)")),
    ]
)


def deadline_filter_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Tình trạng hạn"), choices=DEADLINE_CHOICES, required=False)


class EscalationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    unit: forms.ModelChoiceField[Unit] = UnitChoiceField(
        queryset=None, required=False, label=_("Đơn vị"), empty_label=ALL
    )
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False, label=_("Nguồn"))
    age = forms.ChoiceField(choices=AGE_CHOICES, required=False, label=_("Thời gian chờ"))
    deadline = deadline_filter_field()

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units


# A field an ending "referred" names (the authority, the referral paper): shown on referring to the
# competent authorities, or on approving on the ground "referred".
REFERRED_FIELD = depends_on("refer_to ground", [Escalation.ReferTo.AUTHORITIES, EndGround.REFERRED])


class DecisionField(forms.ChoiceField):
    """Offers the decisions its choices list, and reads any decision posted: one the page no longer offers
    (the target changed between the page and the post) reaches the service, which refuses it saying why
    (escalation_decide_check), instead of a bare "not a valid choice"."""

    def valid_value(self, value: Any) -> bool:
        return value in Escalation.Decision.values


class DecisionForm(forms.Form):
    """Each field past the reason belongs to one decision (or, the authority's name, to one answer of
    "Chuyển đến"): its label says which, so the page reads without a script; web/depends.js hides the
    others. workflows.services.escalations still decides what each decision requires."""

    decision = DecisionField(choices=Escalation.Decision.choices, label=_("Quyết định"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Lý do / chỉ đạo"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    new_due_on = forms.DateField(
        label=_("Hạn mới (khi gia hạn)"),
        required=False,
        widget=DayInput(attrs=depends_on("decision", [Escalation.Decision.EXTEND])),
    )
    discipline = forms.ChoiceField(
        choices=[("", "—"), *Escalation.Discipline.choices],
        label=_("Hình thức kỷ luật (khi đề nghị kỷ luật)"),
        required=False,
        widget=forms.Select(attrs=depends_on("decision", [Escalation.Decision.DISCIPLINE])),
    )
    refer_to = forms.ChoiceField(
        choices=[("", "—"), *Escalation.ReferTo.choices],
        label=_("Chuyển đến (khi chuyển cấp trên / cơ quan có thẩm quyền)"),
        required=False,
        widget=forms.Select(attrs=depends_on("decision", [Escalation.Decision.REFER])),
    )
    referred_body = forms.CharField(
        label=_("Tên cơ quan có thẩm quyền (khi chuyển cơ quan có thẩm quyền)"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs=depends_on("refer_to", [Escalation.ReferTo.AUTHORITIES])),
    )
    ground = forms.ChoiceField(
        choices=[("", "—"), *EndGround.choices],
        label=_("Căn cứ kết thúc không qua kiểm tra (khi đồng ý đề xuất kết thúc)"),
        required=False,
        widget=forms.Select(attrs=depends_on("decision", [Escalation.Decision.APPROVE])),
    )
    merged_into = forms.CharField(
        label=_("Gộp vào (mã dấu hiệu vi phạm DH-… hoặc số quyết định kiểm tra)"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs=depends_on("ground", [EndGround.MERGED])),
    )
    referral_ref = forms.CharField(
        label=_("Số văn bản chuyển cơ quan có thẩm quyền"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs=REFERRED_FIELD),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    # The fields of each decision, left out when the decision is not offered.
    DECISION_FIELDS = {
        Escalation.Decision.EXTEND: ["new_due_on"],
        Escalation.Decision.DISCIPLINE: ["discipline"],
        Escalation.Decision.REFER: ["refer_to", "referred_body", "referral_ref"],
        Escalation.Decision.APPROVE: ["ground", "merged_into", "referred_body", "referral_ref"],
    }

    def __init__(
        self,
        *args,
        decisions: list[str] | None = None,
        refused: dict[str, str] | None = None,
        return_due_on: dt.date | None = None,
        grounds: list[str] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if refused is not None:
            # The decisions refused now, with why (workflows.selectors.escalation_refused_decisions): the rest
            # are offered, and the page says why the others are not.
            decisions = [value for value in Escalation.Decision.values if value not in refused]
            self.refused = [(Escalation.Decision(value).label, why) for value, why in refused.items()]
        else:
            self.refused = []
        if grounds:
            # Only the grounds true of the target now (workflows.selectors.escalation_grounds).
            ground = cast(forms.ChoiceField, self.fields["ground"])
            ground.choices = [("", "—"), *((value, label) for value, label in EndGround.choices if value in grounds)]
            if EndGround.MERGED not in grounds:
                del self.fields["merged_into"]
            # The authority is named on approving as "referred" too, not only on referring to one.
            self.fields["referred_body"].widget.attrs.update(REFERRED_FIELD)
        elif grounds is not None:
            # A target "approve" does not end on a ground (a case): no decision uses the field, nor
            # what an ending names.
            for name in ("ground", "merged_into", "referral_ref"):
                del self.fields[name]
        field = cast(forms.ChoiceField, self.fields["decision"])
        choices: list[tuple[str, Any]] = list(Escalation.Decision.choices)
        if return_due_on is not None:
            # "Trả lại" says the deadline it will set before it sets it (workflows.selectors.escalation_return_due_on).
            new_due = _("hạn mới %(day)s") % {"day": return_due_on.strftime("%d/%m/%Y")}
            choices = [
                (value, f"{label} — {new_due}" if value == Escalation.Decision.RETURN else label)
                for value, label in choices
            ]
        field.choices = choices
        if decisions is not None:
            # Only the decisions the target's services accept now (workflows.selectors.escalation_decisions).
            field.choices = [(value, label) for value, label in choices if value in decisions]
            # A field stays while some decision offered uses it (the authority: referring, or approving on "referred").
            needed = {
                name for decision, names in self.DECISION_FIELDS.items() if decision in decisions for name in names
            }
            if "ground" not in self.fields and Escalation.Decision.REFER not in decisions:
                needed.discard("referred_body")  # approving ends no target of this kind on "referred"
            for names in self.DECISION_FIELDS.values():
                for name in names:
                    if name not in needed:
                        self.fields.pop(name, None)


class EscalationRaiseForm(forms.Form):
    target_type = forms.CharField(widget=forms.HiddenInput, max_length=64)
    target_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(
        label=_("Lý do chuyển lên lãnh đạo"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    proposal = forms.CharField(label=_("Đề xuất"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    next = forms.CharField(widget=forms.HiddenInput, required=False)
