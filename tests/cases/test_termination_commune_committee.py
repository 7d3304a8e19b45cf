"""A complaint terminated because the complainant died with no heir to carry it on, or the complaining
body was dissolved, went bankrupt or ended with no successor (điểm b khoản 2 Điều 11a Luật Khiếu nại):
its decision is sent to the People's Committee of the commune where the complainant last resided, or
where the body had its seat (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định
155/2026/NĐ-CP). The committee is named with the termination, printed on the decision (Mẫu số 14a),
recorded as its recipient when the sending is recorded, shown on the case and audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.audit.selectors import audit_events_for
from casework.cases.models import Case, Kind, Status, TerminationGround
from casework.cases.services import case_terminate, case_termination_sent
from casework.papers.models import Paper
from core.errors import ValidationFailed
from tests.builders import accepted
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db

COMMITTEE = "Ủy ban nhân dân xã Vũ Hội"
LAST_RESIDED = f"{COMMITTEE} (nơi người khiếu nại thường trú cuối cùng trước khi chết)"
RULE = "Nghị định 124/2020/NĐ-CP Đ.28b khoản 1"


def _state(case: Case) -> tuple:
    fresh = Case.objects.get(pk=case.pk)
    return (
        fresh.status,
        fresh.version,
        fresh.termination_ground,
        fresh.termination_commune_committee,
        Paper.objects.filter(target_id=str(case.pk)).count(),
        AuditEvent.objects.count(),
    )


def _event(case: Case, action: str) -> AuditEvent:
    return audit_events_for(target_type="cases.case", target_id=case.pk).get(action=action)


@pytest.mark.parametrize(
    ("ground", "says"),
    [
        (TerminationGround.NO_HEIR, "thường trú cuối cùng trước khi chết"),
        (TerminationGround.DISSOLVED, "có trụ sở chính ngay trước khi giải thể, phá sản hoặc kết thúc hoạt động"),
    ],
)
def test_a_complaint_ended_with_nobody_to_carry_it_on_is_refused_without_the_commune_committee(
    cast, frozen_clock, ground, says
):
    case = accepted(cast)
    before = _state(case)
    with pytest.raises(ValidationFailed) as refused:
        case_terminate(case=case, actor=cast.leader, ground=ground, commune_committee="  ")

    message = str(refused.value.fields["commune_committee"])
    assert set(refused.value.fields) == {"commune_committee"} and says in message and "Đ.28b khoản 1" in message
    assert _state(case) == before


def test_a_commune_committee_named_on_another_ground_is_refused(cast, frozen_clock):
    case = accepted(cast)
    before = _state(case)
    with pytest.raises(ValidationFailed) as refused:
        case_terminate(case=case, actor=cast.leader, ground=TerminationGround.COURT, commune_committee=COMMITTEE)

    assert set(refused.value.fields) == {"commune_committee"}
    assert _state(case) == before


def test_the_decision_goes_to_the_commune_committee_in_the_complainant_s_place_and_its_sending_says_so(
    cast, frozen_clock
):
    case = case_terminate(
        case=accepted(cast),
        actor=cast.leader,
        ground=TerminationGround.NO_HEIR,
        reason="Người khiếu nại chết ngày 20/02/2026.",
        commune_committee=f" {COMMITTEE} ",
    )

    assert (case.status, case.termination_commune_committee) == (Status.TERMINATED, COMMITTEE)
    sent_to = [
        f"Ủy ban nhân dân cấp xã: {LAST_RESIDED}",
        "người đại diện người khiếu nại",
        "người bị khiếu nại",
        "người có quyền, nghĩa vụ liên quan",
    ]
    terminated = _event(case, "case.terminate")
    assert terminated.after["termination_commune_committee"] == COMMITTEE
    assert terminated.after["sent_to"] == sent_to
    # Mẫu số 14a: addressed to the committee, which the recipients list first; the deceased is not addressed.
    (paper,) = Paper.objects.filter(target_id=str(case.pk), template_version__template__key="case.termination")
    text = " ".join(pdf_text(paper.pdf.read()).split())
    assert f"Kính gửi: {COMMITTEE}" in text and "Kính gửi: Nguyễn Văn Gửi" not in text
    assert f"Quyết định này được gửi đến {LAST_RESIDED}, người bị khiếu nại" in text
    assert f"- {LAST_RESIDED};" in text.split("Nơi nhận:")[1]
    assert "Căn cứ đình chỉ: Người khiếu nại chết, không có người thừa kế tiếp tục khiếu nại" in text

    case = case_termination_sent(case=case, actor=cast.officer, note="Gửi bưu điện")
    assert _event(case, "case.termination_sent").after["sent_to"] == sent_to


def test_a_dissolved_body_s_decision_names_the_commune_of_its_seat(cast, frozen_clock):
    case = case_terminate(
        case=accepted(cast), actor=cast.leader, ground=TerminationGround.DISSOLVED, commune_committee=COMMITTEE
    )
    seat = f"{COMMITTEE} (nơi cơ quan, tổ chức khiếu nại có trụ sở chính ngay trước khi giải thể, phá sản"
    assert _event(case, "case.terminate").after["sent_to"][0].startswith(f"Ủy ban nhân dân cấp xã: {seat}")


def test_other_terminations_keep_the_complainant_as_recipient(cast, frozen_clock):
    case = case_terminate(case=accepted(cast), actor=cast.leader, ground=TerminationGround.COURT)
    assert _event(case, "case.terminate").after["sent_to"][0] == "người khiếu nại"
    text = pdf_text(
        Paper.objects.get(target_id=str(case.pk), template_version__template__key="case.termination").pdf.read()
    )
    assert "Kính gửi: Nguyễn Văn Gửi" in " ".join(text.split()) and "Ủy ban nhân dân" not in text


def test_the_page_asks_for_the_committee_confirms_and_shows_it(cast, frozen_clock, client):
    case = accepted(cast)
    client.force_login(cast.leader)
    url = reverse("cases:action", args=[case.pk, "terminate"])
    form = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'name="commune_committee"' in form and 'data-depends-values="no_heir dissolved"' in form

    before = _state(case)
    missing = client.post(url, {"version": case.version, "ground": "no_heir"})
    assert missing.status_code == 400 and "data-confirmation" not in missing.content.decode()
    assert RULE in missing.content.decode()
    assert _state(case) == before

    asked = client.post(url, {"version": case.version, "ground": "no_heir", "commune_committee": COMMITTEE})
    assert asked.status_code == 200 and "data-confirmation" in asked.content.decode()
    assert _state(case) == before
    done = client.post(
        url, {"version": case.version, "ground": "no_heir", "commune_committee": COMMITTEE, "confirmed": "1"}
    )
    assert done.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert COMMITTEE in page.split('id="termination-commune-committee"')[1].split("</td>")[0]


def test_a_denunciation_s_form_has_no_committee_field(cast, frozen_clock, client):
    case = accepted(cast, kind=Kind.DENUNCIATION)
    client.force_login(cast.leader)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'name="commune_committee"' not in page


def test_the_api_refuses_the_ground_without_the_committee_then_records_and_shows_it(cast, frozen_clock, api_as):
    case = accepted(cast)
    api = api_as(cast.leader)
    before = _state(case)
    refused = api.post(
        f"/api/cases/{case.pk}/terminate/", {"version": case.version, "ground": "dissolved"}, format="json"
    )
    assert refused.status_code == 400 and set(refused.json()["fields"]) == {"commune_committee"}
    assert _state(case) == before

    answer = api.post(
        f"/api/cases/{case.pk}/terminate/",
        {"version": case.version, "ground": "dissolved", "commune_committee": COMMITTEE},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    detail = api.get(f"/api/cases/{case.pk}/").json()
    assert (detail["status"], detail["termination_commune_committee"]) == ("terminated", COMMITTEE)
    # Its 03-working-day sending clock runs: the intake officer may record the sending.
    assert "termination_sent" in api_as(cast.intake).get(f"/api/cases/{case.pk}/").json()["allowed_actions"]
