"""Công khai kết luận nội dung tố cáo: "Trong thời hạn 07 ngày làm việc kể từ ngày ra kết luận nội dung tố cáo ...
người giải quyết tố cáo có trách nhiệm thực hiện việc công khai kết luận nội dung tố cáo" (Luật Tố cáo 2018 Đ.40
khoản 1), by one or several of the forms of khoản 2 (a meeting of the body where the person denounced works,
posting at the office or the citizen reception place, the body's web portal or intranet, mass media), never
revealing the denouncer nor state secrets (khoản 3). Nghị định 31/2019/NĐ-CP Đ.6 sets the minimums: posting and
web publication at least 15 consecutive days, print, radio and television at least 02 consecutive times, an
online newspaper or web portal at least 15 consecutive days.

Its clock (denunciation/publish_conclusion, 07 working days, workflows migration 0035) opens with the conclusion
and stops when the publication is recorded (`case_conclusion_publish`). A denunciation is not closed while the
publication is owed (`publication_close_refusal`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import Case, ConclusionPublication, Kind, PublicationForm, PublicationMedia, Status
from casework.cases.permissions import can_decide, can_work
from casework.cases.selectors import case_steps_awaited
from casework.cases.services.common import case_lock, case_save, deadline_start
from casework.cases.services.identity import case_text_masked
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.policy_cache import policy_snapshot
from workflows.services import deadline_close

PUBLISH_STEP = "publish_conclusion"
# Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b, c, d: the least a publication lasts.
MIN_DAYS = 15
MIN_TIMES = 2
# The media counted in broadcasts or issues (điểm d: "ít nhất 02 lần liên tục"); the others in days.
MEDIA_COUNTED_IN_TIMES = (PublicationMedia.PRINT, PublicationMedia.RADIO, PublicationMedia.TELEVISION)
# The statuses of a denunciation whose conclusion was issued (and not yet closed).
CONCLUDED = (Status.CONCLUDED, Status.HANDLED, Status.NOTIFIED)


def publication_clock_start(case: Case) -> None:
    """A denunciation's conclusion was issued today: its 07 working days to publish it start (Luật Tố cáo 2018
    Đ.40 khoản 1; the day of the conclusion is not counted, Bộ luật Dân sự 2015 Đ.147). Only under a policy
    version holding the row (workflows migration 0035): a case keeps the version it started under, and one
    started under a version without it runs no such clock."""
    if case.kind != Kind.DENUNCIATION:
        return
    snapshot = policy_snapshot()
    version = snapshot.version_by_pk(case.policy_version_id) or case.policy_version
    if snapshot.rules_for(version, case.deadline_subject, PUBLISH_STEP):
        deadline_start(case, PUBLISH_STEP, start=case.decided_on)


def publication_pending(case: Case) -> bool:
    """The conclusion's publication is owed: its clock runs (open, or run out and not yet met)."""
    return case.kind == Kind.DENUNCIATION and PUBLISH_STEP in case_steps_awaited(case=case)


def publication_may_record(case: Case, user: Any) -> bool:
    """The resolver (the competent body) or the officer holding the case records the publication."""
    return publication_pending(case) and (can_work(case, user) or can_decide(case, user))


def publication_close_refusal(case: Case) -> str:
    """Why a denunciation's file may not be closed yet for its publication ("" when it may): the conclusion must
    be published within 07 working days (Luật Tố cáo 2018 Đ.40 khoản 1; Nghị định 31/2019/NĐ-CP Đ.6 khoản 1:
    "phải được công khai"), a duty of the resolver that closing the file does not discharge; the file is
    completed and archived once the publication is over (as Thông tư 01/2020/TT-TANDTC Đ.37 khoản 3 and Thông tư
    129/2020/TT-BCA Đ.29 khoản 1 say for their sectors)."""
    if case.kind != Kind.DENUNCIATION or case.status != Status.NOTIFIED or not publication_pending(case):
        return ""
    return gettext(
        "Chưa thể đóng hồ sơ %(reference)s: chưa ghi nhận việc công khai kết luận nội dung tố cáo (Luật Tố cáo 2018 "
        "Điều 40; Nghị định 31/2019/NĐ-CP Điều 6). Công khai kết luận và ghi nhận trước khi đóng hồ sơ."
    ) % {"reference": case.reference}


def publication_text(case: Case) -> str:
    """What is published: the unit, the conclusion's number and day, what the denunciation was about and what was
    concluded, through the case's masks (nothing that reveals the denouncer, Luật Tố cáo 2018 Đ.40 khoản 3). Who
    made the denunciation, how it reached the unit and the case's file are not part of it."""
    number = f" số {case.decision_number}" if case.decision_number else ""
    day = f" ngày {case.decided_on:%d/%m/%Y}" if case.decided_on else ""
    outcome = str(case.get_outcome_display() or "").lower()
    lines = [
        f"{case.unit.name} công khai kết luận nội dung tố cáo{number}{day}.",
        f"Nội dung tố cáo: {case.title}.",
        f"Kết luận: nội dung tố cáo {outcome}." if outcome else "",
        case.decision_text,
    ]
    return case_text_masked(case, "\n".join(line.strip() for line in lines if line and line.strip()))


# ---- the rules of the input, checked before anything is written ------------------------------------------


def _text(value: Any, limit: int | None = None) -> str:
    text = str(value or "").replace("\x00", "").strip()
    return text[:limit] if limit else text


def _count(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 <= number < 32768 else -1


def _as_list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list | tuple | set | frozenset) else [value]


def _forms(value: Any) -> list[str]:
    values = {str(v) for v in _as_list(value)}
    return [form for form in PublicationForm.values if form in values]


def publication_check(
    *,
    case: Case,
    published_on: dt.date | None,
    forms: Any,
    meeting: str = "",
    posting_place: str = "",
    posting_days: Any = None,
    portal: str = "",
    portal_days: Any = None,
    media_name: str = "",
    media_kind: str = "",
    media_times: Any = None,
    media_days: Any = None,
    note: str = "",
    attachment: Any = None,
    **_ignored: Any,
) -> dict[str, Any]:
    """The rules of a publication recorded (Luật Tố cáo 2018 Đ.40 khoản 2; Nghị định 31/2019/NĐ-CP Đ.6 khoản 2):
    at least one form; the day, from the conclusion's day to today; for each form chosen where and how long:
    the meeting and who took part; the place of posting and at least 15 consecutive days; the portal or intranet
    and at least 15 consecutive days; the medium, and at least 02 consecutive times in print, radio or television
    or 15 consecutive days online. Returns the values stored; raises ValidationFailed naming each field."""
    from casework.files.models import Attachment

    errors: dict[str, str] = {}
    chosen = _forms(forms)
    if not chosen or len(chosen) != len({str(v) for v in _as_list(forms)}):
        errors["forms"] = _(
            "Chọn một hoặc một số hình thức công khai của Luật Tố cáo 2018 Điều 40 khoản 2: công bố tại cuộc họp, "
            "niêm yết, đăng tải trên cổng thông tin điện tử hoặc mạng nội bộ, thông báo trên phương tiện thông tin "
            "đại chúng."
        )
    if published_on is None:
        errors["published_on"] = _("Phải ghi ngày công khai kết luận.")
    elif published_on > clock.today():
        errors["published_on"] = _("Ngày công khai không được sau ngày hôm nay.")
    elif case.decided_on and published_on < case.decided_on:
        errors["published_on"] = gettext("Ngày công khai không được trước ngày ra kết luận (%(day)s).") % {
            "day": f"{case.decided_on:%d/%m/%Y}"
        }
    values: dict[str, Any] = {
        "published_on": published_on,
        "forms": chosen,
        "meeting": "",
        "posting_place": "",
        "posting_days": None,
        "portal": "",
        "portal_days": None,
        "media_name": "",
        "media_kind": "",
        "media_times": None,
        "media_days": None,
        "note": case_text_masked(case, _text(note)),
        "attachment": None,
    }
    days_rule = gettext("Nghị định 31/2019/NĐ-CP Điều 6 khoản 2: ít nhất %(n)s ngày liên tục.") % {"n": MIN_DAYS}

    def days(field: str, value: Any, missing: str) -> int | None:
        number = _count(value)
        if number is None:
            errors[field] = missing
        elif number < MIN_DAYS:
            errors[field] = days_rule
        return number

    if PublicationForm.MEETING in chosen:
        values["meeting"] = case_text_masked(case, _text(meeting, 255))
        if not values["meeting"]:
            errors["meeting"] = _(
                "Công bố tại cuộc họp: ghi cuộc họp (cơ quan, tổ chức nơi người bị tố cáo công tác hoặc của người "
                "giải quyết tố cáo) và thành phần tham dự (Nghị định 31/2019/NĐ-CP Điều 6 khoản 2 điểm a)."
            )
    if PublicationForm.POSTING in chosen:
        values["posting_place"] = _text(posting_place, 255)
        if not values["posting_place"]:
            errors["posting_place"] = _("Niêm yết: ghi nơi niêm yết (trụ sở làm việc hoặc nơi tiếp công dân).")
        values["posting_days"] = days("posting_days", posting_days, _("Niêm yết: ghi số ngày niêm yết liên tục."))
    if PublicationForm.PORTAL in chosen:
        values["portal"] = _text(portal, 255)
        if not values["portal"]:
            errors["portal"] = _("Đăng tải: ghi cổng thông tin điện tử hoặc mạng thông tin nội bộ.")
        values["portal_days"] = days("portal_days", portal_days, _("Đăng tải: ghi số ngày đăng tải liên tục."))
    if PublicationForm.MEDIA in chosen:
        values["media_name"] = _text(media_name, 255)
        values["media_kind"] = str(media_kind or "")
        if not values["media_name"]:
            errors["media_name"] = _("Thông báo trên phương tiện thông tin đại chúng: ghi tên báo, đài.")
        if values["media_kind"] not in PublicationMedia.values:
            errors["media_kind"] = _(
                "Chọn loại phương tiện: báo in, báo nói, báo hình, báo điện tử hoặc cổng thông tin."
            )
        elif values["media_kind"] in MEDIA_COUNTED_IN_TIMES:
            times = _count(media_times)
            values["media_times"] = times
            if times is None or times < MIN_TIMES:
                errors["media_times"] = gettext(
                    "Báo in, báo nói, báo hình: ít nhất %(n)s lần liên tục (Nghị định 31/2019/NĐ-CP Điều 6 khoản 2 "
                    "điểm d)."
                ) % {"n": MIN_TIMES}
        else:
            values["media_days"] = days("media_days", media_days, _("Báo điện tử: ghi số ngày đăng liên tục."))
    if attachment not in (None, ""):
        pk = _count(attachment)
        file = (
            Attachment.objects.filter(
                pk=pk, target_type="cases.case", target_id=str(case.pk), identifying=False
            ).first()
            if pk and pk > 0
            else None
        )
        if file is None:
            errors["attachment"] = _("Tệp đính kèm: chọn một tệp của hồ sơ này không mang thông tin người tố cáo.")
        values["attachment"] = file
    if errors:
        raise ValidationFailed(errors)
    if values["portal_days"] and published_on is not None:
        values["portal_until"] = published_on + dt.timedelta(days=values["portal_days"] - 1)
    return values


# ---- the step ---------------------------------------------------------------------------------------------


def _refusal(case: Case) -> str:
    existing = ConclusionPublication.objects.filter(case_id=case.pk).first()
    if existing is not None:
        return gettext("Kết luận nội dung tố cáo của hồ sơ %(reference)s đã được công khai ngày %(day)s.") % {
            "reference": case.reference,
            "day": f"{existing.published_on:%d/%m/%Y}",
        }
    if case.kind != Kind.DENUNCIATION or case.status not in CONCLUDED:
        return gettext("Hồ sơ %(reference)s chưa có kết luận nội dung tố cáo để công khai.") % {
            "reference": case.reference
        }
    return gettext("Hồ sơ %(reference)s không có kết luận nội dung tố cáo nào đang chờ công khai.") % {
        "reference": case.reference
    }


@transaction.atomic
def case_conclusion_publish(*, case: Case, actor: Any, expected_version: int | None = None, **data: Any) -> Case:
    """Đã công khai kết luận nội dung tố cáo (Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP Đ.6): the forms, the
    day, where and how long, a note and optionally a file of the case. Stops the 07-working-day clock, also when it
    had run out (then late). Refused when already recorded or when the case has no conclusion awaiting it."""
    locked = case_lock(case=case, expected_version=expected_version)
    if not (can_work(locked, actor) or can_decide(locked, actor)):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận việc công khai kết luận của hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    if not publication_pending(locked):
        raise TransitionNotAllowed(_refusal(locked))
    values = publication_check(case=locked, **data)
    publication = ConclusionPublication.objects.create(
        case=locked, text=publication_text(locked), recorded_by=actor, recorded_at=clock.now(), **values
    )
    deadline_close(target=locked, step=PUBLISH_STEP)
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.conclusion_published",
        target=locked,
        unit=locked.unit,
        after={
            "decision_number": locked.decision_number,
            "published_on": publication.published_on.isoformat(),
            "forms": publication.forms,
            "posting_days": publication.posting_days,
            "portal_days": publication.portal_days,
            "media_kind": publication.media_kind,
            "media_times": publication.media_times,
            "media_days": publication.media_days,
            "attachment": publication.attachment_id,
        },
        reason=publication.note,
    )
    return locked
