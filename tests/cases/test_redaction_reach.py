"""A mask the officer adds after the fact reaches every record read outside the case that an
officer's text went into: the flag raised from the conclusion (and the search index), the measure
the unit denounced reads, the request for an expert assessment, the escalation and the in-app notices
(Luật Tố cáo 2018 Đ.47 khoản 1, Đ.48 khoản 1)."""

from __future__ import annotations

import pytest

from casework.cases.models import Kind
from casework.cases.redaction import MASK
from casework.cases.services import case_handle_conclusion, case_redaction_masks, case_redaction_save
from casework.inspections.models import Flag
from casework.search.models import SearchDocument
from casework.search.selectors import search_match_ids
from core import clock
from notifications.models import Notification
from tests import builders

pytestmark = pytest.mark.django_db

# How a witness's statement names the denouncer, which the masks proposed from the identity miss.
NICKNAME = "chị Mật khoa Dược"


def test_a_mask_added_later_reaches_the_flag_the_measure_and_the_notices(cast, frozen_clock, api_as):
    case = builders.decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital, title="Tố cáo chi sai quỹ")
    case = case_handle_conclusion(
        case=case,
        actor=cast.leader,
        note="Kiến nghị xử lý theo thẩm quyền",
        flag_evidence=f"Theo lời {NICKNAME}, quỹ phúc lợi chi sai 12 triệu đồng",
    )
    measure = builders.conclusion_measure(cast, case, text=f"Hoàn trả khoản {NICKNAME} đã nêu")
    flag = Flag.objects.get(source_type="cases.case", source_id=str(case.pk))
    assert NICKNAME in flag.evidence and NICKNAME in measure.text  # the masks in force missed it
    assert flag in Flag.objects.filter(pk__in=search_match_ids(q="mat khoa duoc", kind=SearchDocument.Kind.FLAG))
    Notification.objects.create(
        user=cast.leader,
        title=f"{case.reference}: theo {NICKNAME}",
        body=f"Lời {NICKNAME}",
        key=f"case:{case.pk}:x",
        created_at=clock.now(),
    )

    case_redaction_save(case=case, actor=cast.officer, masks=[*case_redaction_masks(case=case), NICKNAME])

    flag.refresh_from_db()
    measure.refresh_from_db()
    assert NICKNAME not in flag.evidence and MASK in flag.evidence
    assert NICKNAME not in measure.text and MASK in measure.text
    assert flag not in Flag.objects.filter(pk__in=search_match_ids(q="mat khoa duoc", kind=SearchDocument.Kind.FLAG))
    assert not Notification.objects.filter(body__contains=NICKNAME).exists()
    assert not Notification.objects.filter(title__contains=NICKNAME).exists()
    # What the unit denounced reads of its measure.
    shown = api_as(cast.subject_rep).get(f"/api/recommendations/{measure.pk}/")
    assert shown.status_code == 200 and NICKNAME not in shown.content.decode()
