"""The case page offers a user exactly the publications they may record, by the service's rule: a discipline
decision's publication is recorded, and its posting's last day completed, by a member of the body that issued it
or of one above it (Luật Tố cáo 2018 Đ.40 khoản 1; Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b, c). A member of one body sees only
their body's decisions among the choices; the service refuses the others all the same."""

from __future__ import annotations

import pytest

from casework.cases.models import DisciplinePublication
from casework.cases.services import discipline_ballot_record, discipline_propose, publication_end_record
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import discipline_published as publish
from tests.cases.test_discipline_publication_from_flags import BALLOT, denunciation_with_flag, flag_disciplined
from tests.cases.test_publication_end import LEAST

pytestmark = pytest.mark.django_db


def two_bodies(cast):
    """A denunciation concluded with a discipline decision of the sector's body on its case, and one of the
    province's body on the flag its conclusion raised: both owed."""
    case, flag = denunciation_with_flag(cast)
    discipline_propose(
        case=case,
        actor=cast.officer,
        subject_kind="member",
        subject_name="Trần Văn Thủ Quỹ",
        violation_forms=["khien_trach"],
        reason="Kết luận nội dung tố cáo",
    )
    own = discipline_ballot_record(
        case=case, actor=cast.leader, meeting_on=clock.today(), **{**BALLOT, "votes": {"khien_trach": 9}}
    )
    provinces = flag_disciplined(cast, flag, unit=cast.province, actor=cast.province_leader)
    case.refresh_from_db()
    return case, own, provinces


def choices(client, user, case, action):
    client.force_login(user)
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    forms = {a["name"]: a["form"] for a in page.context["actions"]}
    return [value for value, _label in forms[action].fields["discipline"].choices] if action in forms else None


def test_each_body_is_offered_only_the_decisions_it_issued_and_the_service_refuses_the_others(cast, client):
    case, own, provinces = two_bodies(cast)
    assert choices(client, cast.leader, case, "discipline_publish") == [str(own.pk)]
    # A member of the province's body sits above the sector's too (as for its ballot): both are theirs.
    assert choices(client, cast.province_leader, case, "discipline_publish") == [str(own.pk), str(provinces.pk)]
    assert choices(client, cast.officer, case, "discipline_publish") is None
    with pytest.raises(TransitionNotAllowed):
        publish(case, cast.leader, discipline=provinces.pk)
    assert not DisciplinePublication.objects.exists()
    # Posted with no end known: each body completes its own posting only.
    case = publish(case, cast.leader, discipline=own.pk, posting_days=None)
    case = publish(case, cast.province_leader, discipline=provinces.pk, posting_days=None)
    assert choices(client, cast.leader, case, "publication_end") == [str(own.pk)]
    assert choices(client, cast.province_leader, case, "publication_end") == [str(own.pk), str(provinces.pk)]
    with pytest.raises(TransitionNotAllowed):
        publication_end_record(case=case, actor=cast.leader, form="posting", until=LEAST, discipline=provinces.pk)
    assert DisciplinePublication.objects.get(discipline=provinces).posting_until is None
    # The page posts what it offered.
    client.force_login(cast.leader)
    answer = client.post(
        f"/cases/{case.pk}/action/publication_end/",
        {"discipline": own.pk, "form": "posting", "until": LEAST.isoformat(), "version": case.version},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert DisciplinePublication.objects.get(discipline=own).posting_until == LEAST
