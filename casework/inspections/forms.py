"""Forms for the inspection pages: they only parse input; the services validate the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casework.areas.forms import SubjectAreaField
from casework.cases.models import DisciplineForm as DisciplineFormChoice
from casework.cases.models import DisciplineSubject
from casework.inspections.models import PAPER_REFERENCE_LENGTH, Category, Flag, Inspection, InspectionPlan, PlanItem
from casework.org.fields import UnitChoiceField
from casework.org.models import Unit, User
from casework.web.dependent_fields import depends_on
from casework.web.file_forms import FilesChosenAgainForm
from casework.web.list_filters import ALL
from casework.web.params import IdsChoiceField
from casework.web.widgets import DayInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ConfirmField(forms.BooleanField):
    """An irreversible action asks the user to tick a confirmation first."""

    def __init__(self, label: str = "", **kwargs) -> None:
        super().__init__(
            label=label or _("Tôi xác nhận thực hiện thao tác này (không thể hoàn tác)"),
            required=True,
            error_messages={"required": _("Vui lòng đánh dấu xác nhận trước khi thực hiện.")},
            **kwargs,
        )


class FlagRaiseForm(FilesChosenAgainForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị có dấu hiệu vi phạm"))
    person = forms.CharField(label=_("Cá nhân liên quan (nếu có)"), required=False, max_length=255)
    category = forms.ChoiceField(label=_("Nội dung"), choices=Category.choices)
    subject_area = SubjectAreaField()
    severity = forms.ChoiceField(label=_("Mức độ"), choices=Flag.Severity.choices, initial=Flag.Severity.MEDIUM)
    source = forms.ChoiceField(
        label=_("Nguồn"),
        # What a person reports; a linked source comes from its record's own step (flag_raise).
        choices=[(c.value, c.label) for c in Flag.REPORTED_SOURCES],
    )
    evidence = forms.CharField(label=_("Căn cứ, chứng cứ"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    files = MultipleFileField(label=_("Tài liệu chứng cứ (PDF, ảnh, Word, Excel)"))

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class InspectionOpenForm(forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị tiến hành (UBKT)"))
    subject_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị được kiểm tra"))
    title = forms.CharField(label=_("Tên cuộc kiểm tra"), required=False, max_length=255)
    flags = IdsChoiceField(
        queryset=Flag.objects.none(), label=_("Dấu hiệu vi phạm"), required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("Nội dung kiểm tra (mặc định theo dấu hiệu)"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    complex = forms.BooleanField(label=_("Phức tạp (Chủ tịch/Phó Chủ tịch ký quyết định)"), required=False)

    def __init__(self, *args, units, subject_units, flags, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["subject_unit"].queryset = subject_units
        self.fields["flags"].queryset = flags


class AddFlagsForm(forms.Form):
    flags = IdsChoiceField(
        queryset=Flag.objects.none(), label=_("Dấu hiệu vi phạm"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, flags, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["flags"].queryset = flags


class TeamForm(forms.Form):
    lead = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Trưởng đoàn"))
    members = IdsChoiceField(
        queryset=User.objects.none(),
        # The team's members, several ("Members"); a person's role in it reads "Member".
        label=pgettext_lazy("team form", "Thành viên"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = candidates
        self.fields["members"].queryset = candidates


class DecideForm(forms.Form):
    """The decision's number is not typed: issuing it takes the next number of the outgoing register."""

    confirm = ConfirmField(
        label=_("Tôi ký quyết định kiểm tra; quyết định được ban hành và lấy số tiếp theo trong sổ văn bản đi")
    )


class NoticeForm(forms.Form):
    text = forms.CharField(label=_("Nội dung thông báo, tài liệu yêu cầu"), widget=forms.Textarea(attrs={"rows": 4}))


class FilesForm(FilesChosenAgainForm):
    files = MultipleFileField(label=_("Tài liệu (PDF, ảnh, Word, Excel)"))


class AcknowledgeForm(FilesForm):
    confirm = ConfirmField(_("Đơn vị xác nhận đã nhận thông báo kiểm tra"))


class DeliveryForm(FilesChosenAgainForm):
    delivered_on = forms.DateField(label=_("Ngày giao thông báo"), widget=DayInput)
    means = forms.ChoiceField(label=_("Hình thức giao"), choices=Inspection.DeliveryMeans.choices)
    # The scan of the signed receipt is what proves the delivery: inspection_notice_delivered refuses one without.
    files = MultipleFileField(label=_("Bản quét giấy ký nhận (PDF, ảnh)"), required=True)


class ChecklistForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    done = forms.BooleanField(label=_("Đã kiểm tra"), required=False, initial=True)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class FindingForm(FilesForm):
    # Starts unchosen: a first category picked beforehand files an untouched finding under it.
    topic = forms.ChoiceField(
        label=_("Nội dung"),
        choices=[("", "—"), *Category.choices],
        error_messages={"required": _("Nội dung: vui lòng chọn nội dung của phát hiện.")},
    )
    description = forms.CharField(label=_("Nội dung phát hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Chứng cứ"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    amount = forms.CharField(label=_("Số tiền (đồng)"), required=False)

    field_order = ["topic", "description", "evidence", "amount", "files"]

    def __init__(self, *args: Any, topics: list[str] | None = None, **kwargs: Any) -> None:
        """`topics`: the inspection's (inspection_finding_topics); the thirteen categories when not given."""
        super().__init__(*args, **kwargs)
        if topics is not None:
            labels = dict(Category.choices)
            field = cast(forms.ChoiceField, self.fields["topic"])
            field.choices = [("", "—"), *((t, labels[t]) for t in topics if t in labels)]


class ExplainForm(FilesForm):
    text = forms.CharField(label=_("Nội dung giải trình"), widget=forms.Textarea(attrs={"rows": 5}))
    field_order = ["text", "files"]


class PaperExplanationForm(FilesChosenAgainForm):
    """The explanation a unit with no account sent on paper, recorded by the chair or the team lead."""

    received_on = forms.DateField(label=_("Ngày nhận văn bản giải trình"), widget=DayInput)
    paper_reference = forms.CharField(label=_("Số, ký hiệu văn bản giải trình"), max_length=PAPER_REFERENCE_LENGTH)
    text = forms.CharField(label=_("Nội dung giải trình của đơn vị"), widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(label=_("Bản quét văn bản giải trình (PDF, ảnh), nếu có"))


class ReportDraftForm(forms.Form):
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 5}))
    outcome = forms.ChoiceField(
        label=_("Kết luận đề xuất"), choices=[("", "—"), *Inspection.Outcome.choices], required=False
    )


class ConcludeForm(forms.Form):
    """Pre-filled from the team's draft report; another outcome than the one it proposed needs a reason."""

    outcome = forms.ChoiceField(label=_("Kết luận"), choices=Inspection.Outcome.choices)
    text = forms.CharField(label=_("Nội dung kết luận"), widget=forms.Textarea(attrs={"rows": 5}))
    deviation_reason = forms.CharField(
        label=_("Lý do kết luận khác đề xuất trong dự thảo báo cáo"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    confirm = ConfirmField(_("Tôi duyệt kết luận; các dấu hiệu vi phạm của cuộc kiểm tra sẽ được đóng"))

    def __init__(self, *args, inspection=None, **kwargs) -> None:
        proposed = getattr(inspection, "proposed_outcome", "")
        if inspection is not None:
            kwargs.setdefault("initial", {"outcome": proposed or None, "text": inspection.draft_report})
        super().__init__(*args, **kwargs)
        if proposed:
            self.fields["outcome"].help_text = _("Đoàn kiểm tra đề xuất: %(outcome)s.") % {
                "outcome": Inspection.Outcome(proposed).label
            }
            others = [value for value in Inspection.Outcome.values if value != proposed]
            self.fields["deviation_reason"].widget.attrs.update(depends_on("outcome", others))


class ConfirmForm(forms.Form):
    confirm = ConfirmField()


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị thực hiện"))
    due_on = forms.DateField(label=_("Hạn thực hiện"), widget=DayInput)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units


class DisciplineForm(forms.Form):
    person = forms.CharField(label=_("Người bị đề nghị"), max_length=255)
    subject_kind = forms.ChoiceField(
        label=_("Đối tượng"), choices=[("", "—"), *DisciplineSubject.choices], required=False
    )
    proposal = forms.ChoiceField(label=_("Hình thức"), choices=DisciplineFormChoice.choices)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm = ConfirmField(_("Gửi đề nghị để cơ quan có thẩm quyền bỏ phiếu kín"))


class PlanCreateForm(forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))
    period = forms.ChoiceField(label=_("Loại kế hoạch"), choices=InspectionPlan.Period.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quý"), choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")], coerce=int, required=False
    )
    title = forms.CharField(label=_("Tên kế hoạch"), required=False, max_length=255)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PlanItemForm(forms.Form):
    kind = forms.TypedChoiceField(
        label=_("Hình thức"),
        choices=PlanItem.Kind.choices,
        initial=PlanItem.Kind.INSPECTION,
        required=False,
        empty_value=PlanItem.Kind.INSPECTION,
    )
    subject_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị được kiểm tra, giám sát"))
    topics = forms.MultipleChoiceField(
        label=_("Nội dung kiểm tra, giám sát"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DayInput)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DayInput)
    team_lead = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Trưởng đoàn"), required=False)

    def __init__(self, *args, units, leads, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_unit"].queryset = units
        self.fields["team_lead"].queryset = leads


class PlanReturnForm(forms.Form):
    comments = forms.CharField(label=_("Ý kiến khi trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanCloseForm(forms.Form):
    summary = forms.CharField(label=_("Kết quả thực hiện kế hoạch"), widget=forms.Textarea(attrs={"rows": 4}))
    confirm = ConfirmField()


class FollowupReportForm(FilesForm):
    text = forms.CharField(label=_("Kết quả thực hiện kiến nghị"), widget=forms.Textarea(attrs={"rows": 4}))
    field_order = ["text", "files"]


class PaperReportForm(FilesChosenAgainForm):
    """The report a unit sent on paper, recorded by one who follows the recommendation."""

    received_on = forms.DateField(label=_("Ngày nhận báo cáo"), widget=DayInput)
    means = forms.ChoiceField(label=_("Hình thức nhận"), choices=Inspection.DeliveryMeans.choices)
    text = forms.CharField(label=_("Nội dung báo cáo của đơn vị"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Bản quét báo cáo có chữ ký của đơn vị (PDF, ảnh)"))


class VerifyForm(forms.Form):
    # Starts unchosen: the verdict is irreversible, and neither answer is presumed.
    verdict = forms.ChoiceField(
        label=_("Kết quả xác minh"),
        choices=[("", "—"), ("accepted", _("Đạt")), ("returned", _("Chưa đạt, trả lại"))],
        error_messages={"required": _("Kết quả xác minh: vui lòng chọn đạt hoặc chưa đạt.")},
    )
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi trả lại)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **depends_on("verdict", ["returned"])}),
    )
    confirm = ConfirmField()

    def __init__(self, *args, return_due_on=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if return_due_on is not None:
            # Said before it is set: the new report deadline a return gives the unit.
            returned = _("Chưa đạt, trả lại — hạn báo cáo lại mới: %(date)s") % {"date": f"{return_due_on:%d/%m/%Y}"}
            self.fields["verdict"].choices = [("", "—"), ("accepted", _("Đạt")), ("returned", returned)]
            self.return_due_on = return_due_on


class CoverageFilterForm(forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"), required=False, empty_label=ALL)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DayInput)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DayInput)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ConflictForm(forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị có xung đột lợi ích"))
    reason = forms.CharField(label=_("Lý do (quan hệ gia đình, công tác, lợi ích)"), max_length=255)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
