"""The case page's form recording a denunciation's conclusion published (Luật Tố cáo 2018 Đ.40; Nghị định
31/2019/NĐ-CP Đ.6), a discipline decision on it, or a second-round complaint's decision (Luật Khiếu nại 2011 Đ.41
khoản 2, 3); the rules are the service's (`casework.cases.services.publicity.publication_check`)."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import DATE
from casework.cases.models import MeetingAttendee, PublicationForm, PublicationMedia


class ConclusionPublishForm(django_forms.Form):
    forms = django_forms.MultipleChoiceField(
        label=_("Hình thức công khai (một hoặc một số)"),
        choices=PublicationForm.choices,
        widget=django_forms.CheckboxSelectMultiple,
    )
    published_on = django_forms.DateField(label=_("Ngày công khai"), widget=DATE)
    meeting = django_forms.CharField(label=_("Cuộc họp công bố"), max_length=255, required=False)
    meeting_on = django_forms.DateField(label=_("Ngày họp công bố"), widget=DATE, required=False)
    meeting_notified_on = django_forms.DateField(
        label=_("Ngày gửi văn bản thông báo cuộc họp"), widget=DATE, required=False
    )
    meeting_attendees = django_forms.MultipleChoiceField(
        label=_("Thành phần tham dự cuộc họp"),
        choices=MeetingAttendee.choices,
        widget=django_forms.CheckboxSelectMultiple,
        required=False,
    )
    posting_place = django_forms.CharField(label=_("Nơi niêm yết"), max_length=255, required=False)
    posting_from = django_forms.DateField(label=_("Niêm yết từ ngày"), widget=DATE, required=False)
    posting_until = django_forms.DateField(label=_("Niêm yết đến hết ngày (nếu đã biết)"), widget=DATE, required=False)
    posting_days = django_forms.IntegerField(
        label=_("Số ngày niêm yết liên tục (ít nhất 15)"), min_value=0, required=False
    )
    portal = django_forms.CharField(
        label=_("Cổng thông tin điện tử, mạng thông tin nội bộ"), max_length=255, required=False
    )
    portal_from = django_forms.DateField(label=_("Đăng tải từ ngày"), widget=DATE, required=False)
    portal_until = django_forms.DateField(label=_("Đăng tải đến hết ngày (nếu đã biết)"), widget=DATE, required=False)
    portal_days = django_forms.IntegerField(
        label=_("Số ngày đăng tải liên tục (ít nhất 15)"), min_value=0, required=False
    )
    media_name = django_forms.CharField(label=_("Tên báo, đài"), max_length=255, required=False)
    media_kind = django_forms.ChoiceField(
        label=_("Loại phương tiện thông tin đại chúng"), choices=[("", "—"), *PublicationMedia.choices], required=False
    )
    media_times = django_forms.IntegerField(
        label=_("Số lần thông báo liên tục (báo in, nói, hình: ít nhất 2)"), min_value=0, required=False
    )
    media_days = django_forms.IntegerField(
        label=_("Số ngày đăng liên tục (báo điện tử: ít nhất 15)"), min_value=0, required=False
    )
    note = django_forms.CharField(label=_("Ghi chú"), widget=django_forms.Textarea(attrs={"rows": 2}), required=False)
    attachment = django_forms.ChoiceField(label=_("Tệp đính kèm (tải lên ở mục Tệp đính kèm)"), required=False)

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if case is None:
            return
        from casework.cases.services.publicity import meeting_attendees_required

        attendees = self.fields["meeting_attendees"]
        if isinstance(attendees, django_forms.MultipleChoiceField):
            codes = (*meeting_attendees_required(case), MeetingAttendee.CONCERNED)
            attendees.choices = [(str(code), MeetingAttendee(code).label) for code in codes]
        from casework.files.selectors import attachments_for

        files = attachments_for(target=case).filter(identifying=False).exclude(file="")
        field = self.fields["attachment"]
        if isinstance(field, django_forms.ChoiceField):
            field.choices = [("", "—"), *((str(a.pk), a.original_name) for a in files)]


class DisciplinePublishForm(ConclusionPublishForm):
    """The same record for a discipline decision on a denunciation's case, naming which decision was published:
    those owed that `user` records, their body having issued them (`disciplines_publication_owed_by`, the rule of
    the service)."""

    discipline = django_forms.ChoiceField(label=_("Quyết định xử lý kỷ luật đã công khai"))

    field_order = ["discipline"]

    def __init__(self, *args: Any, case: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if case is None:
            return
        from casework.cases.services.publicity import disciplines_publication_owed_by

        owed = disciplines_publication_owed_by(case, user) if user is not None else []
        field = self.fields["discipline"]
        if isinstance(field, django_forms.ChoiceField):
            field.choices = [
                (str(row.pk), f"{row.decision_number} — {row.subject_name}: {row.get_outcome_display()}")
                for _step, row in owed
            ]


class PublicationEndForm(django_forms.Form):
    """The last day of a posting or a web posting recorded with no end known, recorded later
    (`casework.cases.services.publicity.publication_end_record`): which publication (those `user` completes:
    `publication_ends_kept`, the rule of the service), which form, the day."""

    discipline = django_forms.ChoiceField(label=_("Việc công khai"), required=False)
    form = django_forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (PublicationForm.POSTING.value, PublicationForm.POSTING.label),
            (PublicationForm.PORTAL.value, PublicationForm.PORTAL.label),
        ],
    )
    until = django_forms.DateField(label=_("Đến hết ngày (ít nhất 15 ngày liên tục)"), widget=DATE)

    def __init__(self, *args: Any, case: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if case is None:
            return
        from casework.cases.models import DisciplinePublication
        from casework.cases.services.publicity import (
            DECISION_PUBLISH_STEP,
            publication_ends_kept,
            publication_step,
        )

        result = (
            _("Quyết định giải quyết khiếu nại lần hai")
            if publication_step(case) == DECISION_PUBLISH_STEP
            else _("Kết luận nội dung tố cáo")
        )
        choices = []
        for row in publication_ends_kept(case, user) if user is not None else []:
            if isinstance(row, DisciplinePublication):
                label = (
                    f"{_('Quyết định xử lý kỷ luật')} {row.discipline.decision_number} — {row.discipline.subject_name}"
                )
                choices.append((str(row.discipline_id), label))
            else:
                choices.append(("", str(result)))
        field = self.fields["discipline"]
        if isinstance(field, django_forms.ChoiceField):
            field.choices = choices
