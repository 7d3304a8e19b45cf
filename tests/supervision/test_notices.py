"""Each step of a supervision tells whom it concerns, in the site's language whoever acted: the team
when it is created, the unit's representatives when it starts, the committee's chair when it is
reported (with the flags raised); never anyone conflicted with the unit supervised in the chair's place."""

from __future__ import annotations

import pytest
from django.utils import translation

from casework.inspections.models import Flag
from casework.inspections.services.teams import conflict_declare
from casework.org.models import Role
from casework.supervision import services
from notifications.models import Notification
from tests.builders import SIGN, make_supervision
from tests.builders import report_supervision as report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _told(supervision, event):
    notes = Notification.objects.filter(key=f"supervision:{supervision.pk}:{event}")
    return {n.user_id: n for n in notes}


def test_each_step_tells_whom_it_concerns_in_vietnamese(cast, frozen_clock):
    with translation.override("en"):
        supervision = make_supervision(cast)
        created = _told(supervision, "create")
        assert set(created) == {cast.inspector.pk, cast.inspector2.pk}
        assert not _told(supervision, "start")  # the unit learns nothing of a supervision still planned
        services.supervision_start(supervision=supervision, actor=cast.inspector)
        report(cast, supervision, signs=[SIGN])
    note = created[cast.inspector2.pk]
    assert note.title == f"Bạn được cử vào đoàn giám sát {supervision.reference}: {supervision.title}"
    assert note.body == f"Giám sát {cast.hospital.name} từ 02/03/2026 đến 16/03/2026."
    assert note.url == f"/inspections/supervisions/{supervision.pk}/"
    started = _told(supervision, "start")
    assert set(started) == {cast.subject_rep.pk}
    assert started[cast.subject_rep.pk].title == f"Cuộc giám sát {supervision.reference} tại đơn vị đã bắt đầu"
    reported = _told(supervision, "report")
    assert set(reported) == {cast.chair.pk}
    flag = Flag.objects.get()
    assert reported[cast.chair.pk].body == (
        f"Đánh giá: Còn hạn chế, thiếu sót. Đã ghi nhận 1 dấu hiệu vi phạm: {flag.reference}."
    )


def test_a_report_without_signs_says_none_were_found(cast, started):
    report(cast, started)
    (note,) = _told(started, "report").values()
    assert note.body == "Đánh giá: Còn hạn chế, thiếu sót. Không phát hiện dấu hiệu vi phạm."


def test_a_chair_conflicted_with_the_unit_is_not_told_the_nearest_chair_above_is(cast, started):
    province_chair = UserFactory(username="p_chair", roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    conflict_declare(user=cast.chair, unit=cast.hospital, reason="Vợ là kế toán đơn vị", actor=cast.chair)
    report(cast, started)
    assert set(_told(started, "report")) == {province_chair.pk}
