"""Forms for case pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from casework.areas.forms import SubjectAreaField, SubjectAreaFilterField
from casework.cases.models import (
    COMMUNE_COMMITTEE_GROUNDS,
    Channel,
    ComplexityGround,
    ContinueGround,
    DenunciationComplexityCriterion,
    DialogueAttendance,
    DialogueNoticeRecipient,
    DisciplineForm,
    DisciplineSubject,
    Kind,
    Outcome,
    RefusalGround,
    RepresentationCapacity,
    Status,
    SuspensionGround,
    TerminationGround,
    WithdrawalMeans,
    WithdrawalRecorder,
    WithdrawalSignature,
    refusal_grounds,
)
from casework.cases.services.complexity import Complexity
from casework.cases.services.resolution import DISCIPLINE_CHOICES
from casework.cases.services.termination import termination_grounds
from casework.cases.services.withdrawal_rules import WithdrawalScope
from casework.inspections.forms import MultipleFileField
from casework.org.fields import UnitChoiceField
from casework.org.models import Unit, User
from casework.web.dependent_fields import depends_on
from casework.web.file_forms import FilesChosenAgainForm
from casework.web.list_filters import ALL, all_choices
from casework.web.widgets import DayInput
from workflows.forms import deadline_filter_field

DATE = DayInput()


class SubjectForm(forms.Form):
    """The unit and the person a letter is about, as an intake records them: their leaders and the
    person are recused from the case (casework.cases.recusal). `subject_units` are the units offered
    (casework.cases.selectors.intake_subject_units)."""

    subject_unit = UnitChoiceField(label=_("Đơn vị bị khiếu nại, tố cáo"), queryset=Unit.objects.none(), required=False)
    subject_person = forms.CharField(label=_("Người bị khiếu nại, tố cáo"), max_length=255, required=False)

    def __init__(self, *args: Any, subject_units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_unit"].queryset = subject_units if subject_units is not None else Unit.objects.none()


class IntakeForm(SubjectForm, FilesChosenAgainForm):
    field_order = ["kind", "channel", "received_on", "unit", "title", "content", "subject_unit", "subject_person"]

    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices)
    channel = forms.ChoiceField(label=_("Hình thức tiếp nhận"), choices=Channel.choices)
    received_on = forms.DateField(label=_("Ngày nhận"), widget=DATE)
    unit = UnitChoiceField(label=_("Đơn vị giải quyết"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Trích yếu"), max_length=255)
    content = forms.CharField(label=_("Nội dung đơn"), widget=forms.Textarea(attrs={"rows": 6}))
    full_name = forms.CharField(label=_("Họ tên người gửi (người đại diện nếu đơn tập thể)"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    # Mẫu số 01 "Đơn khiếu nại" (Nghị định 124/2020/NĐ-CP, thay thế bởi Nghị định 155/2026/NĐ-CP Đ.20); kept sealed.
    id_number = forms.CharField(
        label=_("Số căn cước/định danh cá nhân/hộ chiếu của người gửi"), max_length=32, required=False
    )
    co_submitters = forms.CharField(
        label=_("Những người cùng gửi (đơn tập thể): mỗi dòng một người, dạng “Họ tên; điện thoại”"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    # Khiếu nại thông qua người đại diện, người được ủy quyền (Luật Khiếu nại 2011 Điều 12 khoản 1).
    representative_capacity = forms.ChoiceField(
        label=_("Khiếu nại thông qua: tư cách người đại diện, người được ủy quyền"),
        choices=[("", "—"), *RepresentationCapacity.choices],
        required=False,
    )
    representative_name = forms.CharField(
        label=_("Họ và tên người đại diện, người được ủy quyền"), max_length=255, required=False
    )
    representative_address = forms.CharField(label=_("Địa chỉ người đại diện"), max_length=255, required=False)
    representative_id_number = forms.CharField(
        label=_("Số căn cước/định danh cá nhân/hộ chiếu của người đại diện"), max_length=32, required=False
    )
    representative_document_on = forms.DateField(
        label=_("Ngày của văn bản ủy quyền, giấy tờ đại diện"), widget=DATE, required=False
    )
    representative_scope = forms.CharField(
        label=_("Nội dung, phạm vi ủy quyền"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    representative_certified = forms.BooleanField(
        label=_("Văn bản ủy quyền của cá nhân đã được công chứng hoặc chứng thực"), required=False
    )
    representative_document = forms.FileField(
        label=_("Văn bản ủy quyền (Mẫu số 02) hoặc giấy tờ chứng minh việc đại diện"), required=False
    )
    anonymous = forms.BooleanField(label=_("Tố cáo không rõ người gửi"), required=False)
    evidence = forms.CharField(
        label=_("Chứng cứ cụ thể (đơn không rõ người gửi sẽ chuyển thành thông tin cho UBKT)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    congress_date = forms.DateField(
        label=_("Ngày khai mạc đại hội (nếu đơn liên quan đến đại hội)"), widget=DATE, required=False
    )
    knew_on = forms.DateField(
        label=_("Khiếu nại: ngày người khiếu nại biết được quyết định, hành vi (thời hiệu, Điều 9)"),
        widget=DATE,
        required=False,
    )
    obstacle_days = forms.IntegerField(
        label=_("Số ngày có trở ngại khách quan (ốm đau, thiên tai, đi công tác...)"),
        min_value=0,
        max_value=3650,
        required=False,
    )
    obstacle_note = forms.CharField(label=_("Trở ngại khách quan: ghi rõ"), max_length=255, required=False)
    attachment = forms.FileField(label=_("Đơn, tài liệu kèm theo (PDF, ảnh, DOCX, XLSX)"), required=False)

    # The fields of one kind of letter: a complaint's representative (Luật Khiếu nại 2011 Đ.12) and
    # limitation (Đ.9), a denunciation's sender left unknown and its evidence (Luật Tố cáo 2018 Đ.25).
    # web/depends.js shows them once that kind is chosen; without it every field shows and the intake
    # service refuses or ignores those of another kind.
    KIND_FIELDS = {
        Kind.COMPLAINT: (
            "representative_capacity",
            "representative_name",
            "representative_address",
            "representative_id_number",
            "representative_document_on",
            "representative_scope",
            "representative_certified",
            "representative_document",
            "knew_on",
            "obstacle_days",
            "obstacle_note",
        ),
        Kind.DENUNCIATION: ("anonymous", "evidence"),
    }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        for kind, names in self.KIND_FIELDS.items():
            for name in names:
                self.fields[name].widget.attrs.update(depends_on("kind", [str(kind)]))


class PublicSubmitForm(FilesChosenAgainForm):
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices)
    unit = UnitChoiceField(label=_("Gửi đến đơn vị công đoàn"), queryset=Unit.objects.filter(is_active=True))
    subject_unit = UnitChoiceField(
        label=_("Đơn vị có nội dung khiếu nại, tố cáo"), queryset=Unit.objects.filter(is_active=True), required=False
    )
    subject_person = forms.CharField(label=_("Người bị khiếu nại, tố cáo (nếu có)"), max_length=255, required=False)
    title = forms.CharField(label=_("Tóm tắt nội dung"), max_length=255)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}))
    full_name = forms.CharField(label=_("Họ và tên"), max_length=255, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    evidence = forms.CharField(
        label=_("Chứng cứ cụ thể (nếu không để lại họ tên)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    evidence_files = MultipleFileField(
        label=_("Tài liệu, chứng cứ kèm theo (PDF, ảnh, DOCX, XLSX; tối đa 5 tệp, mỗi tệp 10 MB)")
    )


class StatusLookupForm(forms.Form):
    code = forms.CharField(label=_("Mã tiếp nhận"), max_length=32)


class PublicEvidenceForm(FilesChosenAgainForm):
    """Evidence added later to a letter, with its receipt code."""

    code = forms.CharField(label=_("Mã tiếp nhận"), max_length=32)
    evidence_files = MultipleFileField(
        label=_("Tài liệu, chứng cứ bổ sung (PDF, ảnh, DOCX, XLSX; tối đa 5 tệp, mỗi tệp 10 MB)")
    )


# ---- action forms -------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do / căn cứ"), widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(forms.Form):
    subject_area = SubjectAreaField()
    legal_ground = forms.CharField(label=_("Căn cứ pháp lý để thụ lý"), widget=forms.Textarea(attrs={"rows": 2}))


class RefuseForm(forms.Form):
    subject_area = SubjectAreaField()
    ground = forms.ChoiceField(label=_("Căn cứ không thụ lý"), choices=[("", "—"), *RefusalGround.choices])
    note = forms.CharField(label=_("Ghi rõ"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    # The union's rule on a letter about a congress reads the congress's opening day (case_refuse_check).
    congress_date = forms.DateField(
        label=_("Ngày khai mạc đại hội (nếu đơn liên quan đến đại hội)"),
        widget=DayInput(attrs=depends_on("ground", [str(RefusalGround.CONGRESS_LATE)])),
        required=False,
    )

    def __init__(self, *args: Any, kind: str = "", expired_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind:  # the grounds the law gives this kind of letter (case_refuse_check has the rule)
            self.fields["ground"].choices = [("", "—"), *refusal_grounds(kind)]
        if expired_only:  # a second complaint past its window (Luật Khiếu nại 2011 Đ.11 khoản 6, Đ.33 khoản 1)
            self.fields["ground"].choices = [(RefusalGround.EXPIRED.value, RefusalGround.EXPIRED.label)]


class SecondObstaclesForm(forms.Form):
    """Luật Khiếu nại 2011 Đ.9 khoản 2, Đ.33 khoản 1: the days of a second complaint's window not counted."""

    obstacle_days = forms.IntegerField(
        label=_("Số ngày có trở ngại khách quan (ốm đau, thiên tai, đi công tác...)"),
        min_value=0,
        max_value=3650,
    )
    obstacle_note = forms.CharField(label=_("Trở ngại khách quan: ghi rõ"), max_length=255, required=False)


class DecisionReceiptForm(forms.Form):
    """Luật Khiếu nại 2011 Đ.33 khoản 1: the day the complainant received the first decision."""

    received_on = forms.DateField(label=_("Ngày người khiếu nại nhận được quyết định giải quyết"), widget=DATE)
    note = forms.CharField(label=_("Căn cứ (phiếu báo phát, giấy biên nhận...)"), max_length=255, required=False)


class TransferForm(forms.Form):
    subject_area = SubjectAreaField()
    target_unit = UnitChoiceField(
        label=_("Chuyển đến đơn vị công đoàn"), queryset=Unit.objects.filter(is_active=True), required=False
    )
    outside_body = forms.CharField(label=_("hoặc cơ quan ngoài hệ thống công đoàn"), max_length=255, required=False)
    reason = forms.CharField(label=_("Lý do chuyển"), widget=forms.Textarea(attrs={"rows": 2}))


class GuideForm(forms.Form):
    subject_area = SubjectAreaField()
    guidance = forms.CharField(label=_("Nội dung hướng dẫn"), widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Số hồ sơ được gộp vào"), max_length=32)
    reason = forms.CharField(label=_("Lý do"), required=False)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Cán bộ giải quyết"))

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        # No one is chosen beforehand: the chair picks the officer, the list shows each one's open cases.
        self.fields["assignee"].choices = [
            ("", "—"),
            *(
                (
                    str(o.user.pk),
                    _("%(user)s — %(count)s hồ sơ đang giải quyết") % {"user": o.user, "count": o.open_cases}
                    + ((" " + _("(xung đột: %(reason)s)") % {"reason": o.conflict}) if o.conflict else ""),
                )
                for o in officers
            ),
        ]


class DialogueForm(forms.Form):
    """What the biên bản đối thoại (Mẫu số 14) is made from: Nghị định 124/2020/NĐ-CP Đ.28 (sửa đổi bởi
    Nghị định 155/2026/NĐ-CP); the rules are `dialogue_check`."""

    dialogue_notice_on = forms.DateField(
        label=_("Ngày gửi thông báo đối thoại (trước ngày đối thoại ít nhất 05 ngày)"), widget=DATE
    )
    notice_to = forms.MultipleChoiceField(
        label=_("Thông báo đối thoại đã gửi đến"),
        choices=DialogueNoticeRecipient.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notice_related = forms.CharField(
        label=_("Tên người có quyền, nghĩa vụ liên quan, cơ quan, tổ chức có liên quan đã được gửi thông báo"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    dialogue_on = forms.DateField(label=_("Ngày đối thoại"), widget=DATE)
    place = forms.CharField(label=_("Địa điểm đối thoại"), max_length=255, required=False)
    chair = forms.CharField(label=_("Người chủ trì đối thoại (họ tên, chức vụ)"), max_length=255, required=False)
    note_taker = forms.ModelChoiceField(
        label=_("Người ghi biên bản"), queryset=None, required=False, empty_label=_("(ghi tay trên biên bản)")
    )
    participants = forms.CharField(
        label=_("Thành phần tham gia (người dự, người vắng mặt)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    complainant_absent = forms.ChoiceField(label=_("Người khiếu nại"), choices=[("", "—"), *DialogueAttendance.choices])
    record = forms.CharField(
        label=_("Nội dung đối thoại (mục đích, kết quả xác minh, những nội dung đối thoại)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opinions = forms.CharField(
        label=_("Ý kiến của những người tham gia đối thoại"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    agreed = forms.CharField(
        label=_("Những nội dung đã thống nhất"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    disputed = forms.CharField(
        label=_("Những vấn đề còn ý kiến khác nhau"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        from casework.cases.services.dialogue import dialogue_note_takers
        from casework.org.models import User

        super().__init__(*args, **kwargs)
        self.fields["note_taker"].queryset = User.objects.filter(pk__in=[u.pk for u in dialogue_note_takers(case)])


class ProposeForm(forms.Form):
    """The report and the proposed outcome, and an optional draft of each part of the decision or
    conclusion (`decision_parts`), labelled as the case's kind reads: the decision form starts from them."""

    proposal = forms.CharField(label=_("Báo cáo kết quả xác minh, đề xuất"), widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(label=_("Kết quả đề xuất"), choices=[("", "—"), *Outcome.choices])

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        from casework.cases.decision_parts import (
            PART_MAX_LENGTH,
            decision_parts,
            found_right_part_draft,
            found_right_part_help,
        )

        # A complaint decided on re-examination: its verification result starts from the reason recorded.
        found_right = found_right_part_draft(case)
        super().__init__(*args, **kwargs)
        for part in decision_parts(getattr(case, "kind", "")):
            self.fields[part.field] = forms.CharField(
                label=format_lazy(_("Dự thảo: {}"), part.label),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=PART_MAX_LENGTH,
            )
            if part.field in found_right:
                self.fields[part.field].help_text = found_right_part_help()
                self.initial.setdefault(part.field, found_right[part.field])


class DecisionForm(forms.Form):
    """Pre-filled from the proposal the leadership approved; another outcome needs a stated reason.
    One field per part the law requires of the decision or conclusion (`decision_parts`: Luật Tố cáo
    2018 Đ.35 khoản 2; Luật Khiếu nại 2011 Đ.31 khoản 2, Đ.40 khoản 2), labelled as the case's kind reads.
    The number is not typed: issuing the decision takes the next number of the outgoing register."""

    outcome = forms.ChoiceField(label=_("Kết quả"), choices=[("", "—"), *Outcome.choices])
    deviation_reason = forms.CharField(
        label=_("Lý do kết quả khác đề xuất đã được phê duyệt"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        from casework.cases.decision_parts import (
            PART_MAX_LENGTH,
            decision_draft,
            decision_parts,
            found_right_part_draft,
            found_right_part_help,
        )

        approved = getattr(case, "outcome", "") if case is not None and case.status == Status.APPROVED else ""
        if approved:
            kwargs.setdefault("initial", {"outcome": approved, **decision_draft(case)})
        # A complaint decided on re-examination: its verification result is what the re-examination found.
        found_right = found_right_part_draft(case)
        super().__init__(*args, **kwargs)
        for part in decision_parts(getattr(case, "kind", "")):
            self.fields[part.field] = forms.CharField(
                label=part.label,
                widget=forms.Textarea(attrs={"rows": 3}),
                required=part.required,
                max_length=PART_MAX_LENGTH,
            )
            if part.field in found_right:
                self.fields[part.field].help_text = found_right_part_help()
        self.order_fields(["outcome"])
        if approved:
            self.fields["outcome"].help_text = _("Đề xuất đã được phê duyệt: %(outcome)s.") % {
                "outcome": Outcome(approved).label
            }
            others = [value for value in Outcome.values if value != approved]
            self.fields["deviation_reason"].widget.attrs.update(depends_on("outcome", others))


class HandleForm(forms.Form):
    note = forms.CharField(label=_("Nội dung xử lý kết luận"), widget=forms.Textarea(attrs={"rows": 2}))
    discipline = forms.ChoiceField(label=_("Đề xuất kỷ luật"), choices=DISCIPLINE_CHOICES, required=False)
    flag_evidence = forms.CharField(
        label=_("Dấu hiệu vi phạm chuyển UBKT (chứng cứ)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ConclusionMeasureForm(forms.Form):
    """A measure of a denunciation's conclusion and who follows it (Nghị định 31/2019/NĐ-CP Đ.18
    khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.3): the resolver, a committee member, or the
    inspection committee of the same level when nobody is named."""

    text = forms.CharField(
        label=_("Biện pháp, kiến nghị cần thực hiện theo kết luận"), widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_unit = UnitChoiceField(label=_("Đơn vị thực hiện"), queryset=Unit.objects.none())
    due_on = forms.DateField(label=_("Hạn thực hiện"), widget=DATE)
    monitor = forms.ModelChoiceField(
        label=_("Người theo dõi, đôn đốc"),
        queryset=None,
        required=False,
        empty_label=_("Ủy ban kiểm tra cùng cấp (cả ủy ban)"),
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        from casework.cases.services.followup import conclusion_monitors
        from casework.org.models import User

        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = Unit.objects.filter(
            is_active=True, path__startswith=case.unit.path
        ).order_by("path")
        self.fields["monitor"].queryset = User.objects.filter(pk__in=[u.pk for u in conclusion_monitors(case)])


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 4}))


class ExtendForm(forms.Form):
    """A denunciation's extension decision is issued with the next number of the outgoing register."""

    reason = forms.CharField(
        label=_("Căn cứ gia hạn (quyết định của lãnh đạo)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    new_due_on = forms.DateField(label=_("Hạn mới (để trống: cộng 30 ngày với tố cáo)"), widget=DATE, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Lý do cần xem danh tính người tố cáo"), widget=forms.Textarea(attrs={"rows": 2}))


class IdentityGrantForm(forms.Form):
    """The person who decides lets someone else (e.g. a leader) see the identity, with a reason."""

    user = forms.ModelChoiceField(label=_("Người được cho phép xem"), queryset=None)
    reason = forms.CharField(label=_("Lý do cho phép"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, case: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from casework.cases.permissions import READ_ROLES
        from casework.cases.recusal import case_recused_user_ids
        from casework.org.selectors import users_with_role

        self.fields["user"].queryset = users_with_role(
            unit=case.unit, roles=READ_ROLES, include_ancestors=True
        ).exclude(pk__in=case_recused_user_ids(case=case))


class RedactionForm(forms.Form):
    masks = forms.CharField(
        label=_("Các đoạn cần che (mỗi dòng một đoạn: họ tên, điện thoại, e-mail, địa chỉ, số CCCD…)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20000,
    )


class ConflictForm(forms.Form):
    note = forms.CharField(label=_("Lý do xung đột lợi ích"), max_length=255)


class AttachForm(forms.Form):
    """A file added to a case on its page; the service checks its type, size and content."""

    file = forms.FileField(required=False, allow_empty_file=True)
    kind = forms.CharField(required=False)
    identifying = forms.BooleanField(required=False)


class SecondComplaintForm(forms.Form):
    received_on = forms.DateField(label=_("Ngày nhận đơn khiếu nại lần hai"), widget=DATE)
    content = forms.CharField(label=_("Nội dung khiếu nại lần hai"), widget=forms.Textarea(attrs={"rows": 3}))
    same_representative = forms.BooleanField(
        label=_("Người đại diện, người được ủy quyền lần đầu tiếp tục khiếu nại lần hai"), required=False
    )


STATUS_CHOICES = all_choices(Status.choices)
KIND_CHOICES = all_choices(Kind.choices)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=KIND_CHOICES, required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=STATUS_CHOICES, required=False)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=ALL)
    assignee = forms.ModelChoiceField(label=_("Cán bộ"), queryset=None, required=False, empty_label=ALL)
    due_before = forms.DateField(label=_("Hạn đến ngày"), widget=DATE, required=False)
    overdue = forms.BooleanField(label=_("Chỉ hồ sơ quá hạn"), required=False)
    deadline = deadline_filter_field()
    open = forms.BooleanField(label=_("Chỉ hồ sơ đang giải quyết"), required=False)
    backlog = forms.BooleanField(label=_("Chỉ đơn tồn (chưa giải quyết, chưa đóng)"), required=False)
    own_unit = forms.BooleanField(
        label=_("Chỉ đơn của chính đơn vị đã chọn (không gồm đơn vị trực thuộc)"), required=False
    )
    subject_area = SubjectAreaFilterField()

    def __init__(self, *args, units=None, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        from casework.org.models import User

        self.fields["assignee"].queryset = officers if officers is not None else User.objects.none()


class SuspendForm(forms.Form):
    """The suspension decision is issued with the next number of the outgoing register."""

    ground = forms.ChoiceField(label=_("Căn cứ tạm đình chỉ"), choices=[("", "—"), *SuspensionGround.choices])
    reason = forms.CharField(label=_("Ghi rõ"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == Kind.DENUNCIATION:  # Luật Tố cáo 2018 Đ.34 khoản 1: two grounds only
            from casework.cases.services.suspension import DENUNCIATION_SUSPENSION_GROUNDS

            self.fields["ground"].choices = [
                ("", "—"),
                *((g.value, g.label) for g in DENUNCIATION_SUSPENSION_GROUNDS),
            ]


class TerminateForm(forms.Form):
    """The termination decision is issued with the next number of the outgoing register."""

    ground = forms.ChoiceField(label=_("Căn cứ đình chỉ"), choices=[("", "—"), *TerminationGround.choices])
    reason = forms.CharField(label=_("Ghi rõ"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    # Nghị định 124/2020/NĐ-CP Đ.28b khoản 1: the rule is `case_terminate_check`.
    commune_committee = forms.CharField(
        label=_(
            "Ủy ban nhân dân cấp xã nhận quyết định (nơi người khiếu nại thường trú cuối cùng trước khi chết, nơi "
            "cơ quan, tổ chức khiếu nại có trụ sở chính)"
        ),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs=depends_on("ground", [str(g) for g in COMMUNE_COMMITTEE_GROUNDS])),
    )

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind:  # the grounds the law gives this kind of letter (case_terminate_check has the rule)
            self.fields["ground"].choices = [("", "—"), *termination_grounds(kind)]
        if kind and kind != Kind.COMPLAINT:
            del self.fields["commune_committee"]


class ComplexityForm(forms.Form):
    """A complaint names the grounds it is complex on (Nghị định 124/2020/NĐ-CP Đ.3a; the rule is
    `complexity_grounds_check`), a denunciation the criteria (Nghị định 31/2019/NĐ-CP Đ.3 khoản 2, 3;
    `complexity_criteria_check`): each form has the list of its kind only."""

    complexity = forms.ChoiceField(label=_("Tính chất vụ việc"), choices=Complexity.CHOICES)
    grounds = forms.MultipleChoiceField(
        label=_("Căn cứ xác định vụ việc phức tạp (Nghị định 124/2020/NĐ-CP Điều 3a)"),
        choices=ComplexityGround.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    criteria = forms.MultipleChoiceField(
        label=_(
            "Tiêu chí xác định vụ việc phức tạp (Nghị định 31/2019/NĐ-CP Điều 3: phức tạp từ 01 tiêu chí, "
            "đặc biệt phức tạp từ 02 tiêu chí)"
        ),
        choices=DenunciationComplexityCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind != Kind.DENUNCIATION:
            del self.fields["criteria"]
        if kind != Kind.COMPLAINT:
            del self.fields["grounds"]
        else:  # "đặc biệt phức tạp" is a denunciation's only (Luật Tố cáo Đ.30)
            self.fields["complexity"].choices = [c for c in Complexity.CHOICES if c[0] != Complexity.ESPECIALLY]


class RecorderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return getattr(obj, "full_name", "") or str(obj)


# The letter withdrawing a complaint bears the complainant's signature or fingerprint (Luật Khiếu nại 2011 Đ.10).
COMPLAINANT_SIGNATURES = [
    (WithdrawalSignature.SIGNED, _("Có chữ ký của người khiếu nại")),
    (WithdrawalSignature.FINGERPRINT, _("Có điểm chỉ của người khiếu nại")),
]


class WithdrawForm(forms.Form):
    """A withdrawal. A denunciation's adds what Nghị định 31/2019/NĐ-CP Đ.4 (sửa đổi bởi Nghị định
    156/2026/NĐ-CP) asks: the letter or the record, its day, its maker, the signature, which of several
    denouncers withdraw, the particulars the sealed identity lacks, the grounds on which the case goes on
    and the measures on ground b or c. The rules are `case_withdraw_check`."""

    reason = forms.CharField(label=_("Nội dung đề nghị rút đơn"), widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=WithdrawalScope.CHOICES, initial=WithdrawalScope.WHOLE)
    withdrawn_content = forms.CharField(
        label=_("Nội dung rút (khi rút một phần)"),
        widget=forms.Textarea(attrs={"rows": 2, **depends_on("scope", [WithdrawalScope.PARTIAL])}),
        required=False,
    )
    means = forms.ChoiceField(
        label=_("Hình thức rút tố cáo"), choices=[("", "—"), *WithdrawalMeans.choices], required=False
    )
    made_on = forms.DateField(label=_("Ngày của đơn rút tố cáo hoặc biên bản"), widget=DATE, required=False)
    recorder_role = forms.ChoiceField(
        label=_("Người lập biên bản là"),
        choices=[("", "—"), *WithdrawalRecorder.choices],
        widget=forms.Select(attrs=depends_on("means", [WithdrawalMeans.RECORD])),
        required=False,
    )
    recorder = RecorderChoiceField(
        label=_("Người lập biên bản"),
        queryset=User.objects.none(),
        widget=forms.Select(attrs=depends_on("means", [WithdrawalMeans.RECORD])),
        required=False,
    )
    signature = forms.ChoiceField(
        label=_("Chữ ký hoặc điểm chỉ của người rút tố cáo"),
        choices=[("", "—"), *WithdrawalSignature.choices],
        required=False,
    )
    all_denouncers = forms.BooleanField(label=_("Tố cáo tập thể: tất cả người tố cáo cùng rút"), required=False)
    denouncers = forms.MultipleChoiceField(
        label=_("Tố cáo tập thể: những người tố cáo rút tố cáo (thứ tự trong danh tính đã lưu)"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    withdrawer_name = forms.CharField(
        label=_("Họ và tên người rút tố cáo (chỉ ghi khi danh tính đã lưu không có)"), max_length=255, required=False
    )
    withdrawer_address = forms.CharField(
        label=_("Địa chỉ người rút tố cáo (chỉ ghi khi danh tính đã lưu không có)"), max_length=255, required=False
    )
    withdrawer_contact = forms.CharField(
        label=_("Cách thức liên hệ (chỉ ghi khi danh tính đã lưu không có)"), max_length=255, required=False
    )
    continue_grounds = forms.MultipleChoiceField(
        label=_("Căn cứ vẫn tiếp tục giải quyết (Nghị định 31/2019/NĐ-CP Điều 4 khoản 4)"),
        choices=ContinueGround.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    assessment = forms.CharField(
        label=_("Tố cáo: đánh giá có hay không căn cứ tiếp tục giải quyết (Luật Tố cáo Điều 33)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    measures = forms.CharField(
        label=_(
            "Biện pháp đã áp dụng hoặc đề nghị: bảo vệ người tố cáo, xử lý người đe dọa, mua chuộc hoặc người "
            "lợi dụng việc tố cáo (bắt buộc với căn cứ b, c)"
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    # A complaint of several complainants (Nghị định 124/2020/NĐ-CP Đ.7a, bổ sung bởi Nghị định 155/2026/NĐ-CP
    # Đ.5): who withdraws, by a letter of which day, signed or fingerprinted (Luật Khiếu nại 2011 Đ.10).
    all_complainants = forms.BooleanField(
        label=_("Nhiều người cùng khiếu nại: tất cả người khiếu nại còn lại cùng rút"), required=False
    )
    complainants = forms.MultipleChoiceField(
        label=_("Nhiều người cùng khiếu nại: những người khiếu nại rút khiếu nại"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    COMPLAINANTS_ONLY = ("all_complainants", "complainants")
    COMPLAINANTS_KEEP = ("made_on", "signature")

    DENUNCIATION_ONLY = (
        "means",
        "made_on",
        "recorder_role",
        "recorder",
        "signature",
        "all_denouncers",
        "denouncers",
        "withdrawer_name",
        "withdrawer_address",
        "withdrawer_contact",
        "continue_grounds",
        "assessment",
        "measures",
    )

    def __init__(
        self,
        *args: Any,
        case: Any = None,
        recorders: Any = None,
        denouncers: int = 1,
        complainants: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if case is None or case.kind != Kind.DENUNCIATION:
            # Every complaint is withdrawn by a signed letter (Luật Khiếu nại 2011 Đ.10); `complainants`:
            # those of a complaint of several who have not withdrawn it, offered to withdraw.
            keep = self.COMPLAINANTS_KEEP if case is not None and case.kind == Kind.COMPLAINT else ()
            for name in self.DENUNCIATION_ONLY:
                if name not in keep:
                    del self.fields[name]
            if keep:
                self.fields["made_on"].label = _("Ngày của đơn xin rút khiếu nại")
                self.fields["signature"].label = _("Chữ ký hoặc điểm chỉ của người khiếu nại trên đơn xin rút")
                self.fields["signature"].choices = [("", "—"), *COMPLAINANT_SIGNATURES]
            if complainants:
                self.fields["complainants"].choices = [(str(s.pk), s.full_name) for s in complainants]
            else:
                for name in self.COMPLAINANTS_ONLY:
                    del self.fields[name]
            return
        for name in self.COMPLAINANTS_ONLY:
            del self.fields[name]
        self.fields["recorder"].queryset = recorders if recorders is not None else User.objects.none()
        if case.assignee_id:
            self.fields["recorder"].initial = case.assignee_id
        if case.is_group:
            self.fields["denouncers"].choices = [
                (str(n), _("Người tố cáo thứ %(n)s") % {"n": n}) for n in range(1, denouncers + 1)
            ]
        else:
            del self.fields["denouncers"]
            del self.fields["all_denouncers"]


FORM_CHOICES = [("", "—"), *DisciplineForm.choices]


class DisciplineProposeForm(forms.Form):
    subject_kind = forms.ChoiceField(label=_("Đối tượng"), choices=[("", "—"), *DisciplineSubject.choices])
    subject_name = forms.CharField(label=_("Người, tập thể bị đề nghị kỷ luật"), max_length=255)
    violation_1 = forms.ChoiceField(label=_("Vi phạm 1: hình thức tương ứng"), choices=FORM_CHOICES)
    violation_2 = forms.ChoiceField(label=_("Vi phạm 2 (nếu có)"), choices=FORM_CHOICES, required=False)
    violation_3 = forms.ChoiceField(label=_("Vi phạm 3 (nếu có)"), choices=FORM_CHOICES, required=False)
    reason = forms.CharField(label=_("Căn cứ đề nghị"), widget=forms.Textarea(attrs={"rows": 2}))

    @staticmethod
    def service_kwargs(d: dict) -> dict:
        forms_ = [d[f"violation_{n}"] for n in (1, 2, 3) if d.get(f"violation_{n}")]
        return {
            "subject_kind": d["subject_kind"],
            "subject_name": d["subject_name"],
            "violation_forms": forms_,
            "reason": d["reason"],
        }


class DisciplineBallotForm(forms.Form):
    """A form adopted is a discipline decision, issued with the next number of the outgoing register."""

    meeting_on = forms.DateField(label=_("Ngày họp bỏ phiếu kín"), widget=DATE)
    members_total = forms.IntegerField(label=_("Tổng số ủy viên của cơ quan"), min_value=1, max_value=500)
    members_present = forms.IntegerField(label=_("Số ủy viên có mặt"), min_value=0, max_value=500)

    def __init__(self, *args, scale: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # With the proposal's subject known, only the forms of that subject's scale get a vote.
        for value, label in DisciplineForm.choices:
            if scale is not None and value not in scale:
                continue
            self.fields[f"votes_{value}"] = forms.IntegerField(
                label=_("Phiếu đồng ý: %(form)s") % {"form": label}, min_value=0, max_value=500, required=False
            )

    @staticmethod
    def service_kwargs(d: dict) -> dict:
        return {
            "meeting_on": d["meeting_on"],
            "members_total": d["members_total"],
            "members_present": d["members_present"],
            "votes": {
                value: d[f"votes_{value}"] for value, _label in DisciplineForm.choices if d.get(f"votes_{value}")
            },
        }


# ---- trưng cầu giám định (casework.cases.services.expertise has the rules) --------------------------


class ExpertiseRequestForm(forms.Form):
    """The written request (Mẫu số 09, Nghị định 31/2019/NĐ-CP Đ.15 khoản 2, sửa đổi bởi Nghị định
    156/2026/NĐ-CP): issued with the next number of the outgoing register. The day proposed is the
    policy's (`expertise_due_proposed`)."""

    body = forms.CharField(label=_("Cơ quan, tổ chức được yêu cầu giám định"), max_length=255)
    content = forms.CharField(label=_("Nội dung yêu cầu giám định"), widget=forms.Textarea(attrs={"rows": 3}))
    materials = forms.CharField(
        label=_("Thông tin, tài liệu, chứng cứ cần giám định"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    due_on = forms.DateField(label=_("Thời hạn đề nghị gửi kết luận giám định"), widget=DATE)
    related = forms.CharField(
        label=_("Cơ quan, tổ chức, cá nhân có liên quan nhận văn bản"), max_length=255, required=False
    )

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        from casework.cases.services.expertise import expertise_due_proposed

        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["due_on"].initial = expertise_due_proposed(case)


def _expertise_choices(case: Any, *, unsent: bool = False, awaiting: bool = False) -> list[tuple[str, str]]:
    from casework.cases.services.expertise import expertise_requests

    requests = expertise_requests(case)
    if unsent:
        requests = requests.filter(sent_on__isnull=True)
    if awaiting:
        requests = requests.filter(conclusion_on__isnull=True)
    return [
        ("", "—"),
        *(
            (str(r.pk), f"{_('Lần')} {r.number}: {r.paper_symbol} — {r.body} ({_('hạn')} {r.due_on:%d/%m/%Y})")
            for r in requests
        ),
    ]


class ExpertiseSentForm(forms.Form):
    request = forms.ChoiceField(label=_("Văn bản trưng cầu giám định"))
    sent_on = forms.DateField(label=_("Ngày gửi"), widget=DATE)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].choices = _expertise_choices(case, unsent=True) if case is not None else []


class ExpertiseConclusionForm(forms.Form):
    request = forms.ChoiceField(label=_("Văn bản trưng cầu giám định"))
    conclusion_on = forms.DateField(label=_("Ngày nhận kết luận giám định"), widget=DATE)
    summary = forms.CharField(label=_("Tóm tắt kết luận giám định"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.ChoiceField(label=_("Tệp kết luận giám định (tải lên ở mục Tệp đính kèm)"), required=False)

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if case is None:
            return
        from casework.files.selectors import attachments_for

        self.fields["request"].choices = _expertise_choices(case, awaiting=True)
        files = attachments_for(target=case).filter(identifying=False).exclude(file="")
        self.fields["attachment"].choices = [("", "—"), *((str(a.pk), a.original_name) for a in files)]
