"""A letter is refused (không thụ lý) only on a ground the law gives its kind, one rule for the service, the
page's choices and the API (REFUSAL_GROUND_KINDS): a complaint on Luật Khiếu nại 2011 Đ.11, a denunciation on
Luật Tố cáo 2018 Đ.29 khoản 1, any letter about a congress received too late on the union's rule, and another
ground the officer states. A case refused before on a ground now wrong for its kind still reads."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases.models import REFUSAL_GROUND_KINDS, Case, Kind, RefusalGround, Status, refusal_grounds
from casework.cases.services import case_refuse, case_refuse_check
from core.errors import ValidationFailed
from tests.builders import intake

pytestmark = pytest.mark.django_db

EXPECTED = {
    Kind.COMPLAINT: {
        "not_related",  # Đ.11 khoản 2
        "no_capacity",  # khoản 3
        "unlawful_representative",  # khoản 4
        "unsigned",  # khoản 5
        "expired",  # khoản 6
        "second_decided",  # khoản 7
        "termination_lapsed",  # khoản 8
        "court",  # khoản 9
        "congress_late",
        "other",
    },
    Kind.DENUNCIATION: {"denunciation_form", "no_capacity", "no_content", "already_resolved", "congress_late", "other"},
    Kind.PETITION: {"congress_late", "other"},
}


# A congress opening 18 working days after the letter was received (Mon 02/03/2026): too late under the
# union's rule, which the ground "congress_late" needs (tests/cases/test_congress_late_refusal.py).
CONGRESS = dt.date(2026, 3, 27)


def _letter(cast, kind: str) -> Case:
    return intake(cast.intake, cast.sector, kind=kind, title="Đơn cần xử lý")


def test_the_rule_gives_each_kind_the_grounds_of_its_law():
    assert set(REFUSAL_GROUND_KINDS) == set(RefusalGround)
    for kind, grounds in EXPECTED.items():
        assert {value for value, _label in refusal_grounds(kind)} == grounds


def test_a_denunciation_of_a_complaint_s_resolver_is_the_only_settled_matter_refused():
    """Luật Tố cáo 2018 Đ.29 khoản 1, last paragraph: a denunciation is refused as a settled matter only when
    it turns a complaint resolved lawfully into a denunciation of its resolver with nothing to show their
    violation; the ground says so, never "already resolved, nothing new" of any denunciation."""
    label = str(RefusalGround.ALREADY_RESOLVED.label)
    assert "người đã giải quyết đúng pháp luật vụ việc khiếu nại" in label
    assert "thông tin, tài liệu, chứng cứ" in label


@pytest.mark.parametrize("kind", Kind.values)
def test_the_service_refuses_a_ground_of_another_kind_and_changes_nothing(cast, frozen_clock, kind):
    case = _letter(cast, kind)
    for ground in RefusalGround.values:
        if ground in EXPECTED[kind]:
            case_refuse_check(case=case, ground=ground, note="Ghi rõ căn cứ", congress_date=CONGRESS)
            continue
        with pytest.raises(ValidationFailed) as err:
            case_refuse_check(case=case, ground=ground, note="Ghi rõ căn cứ")
        assert "chỉ áp dụng với đơn" in err.value.fields["ground"][0], ground
    wrong = next(g for g in RefusalGround.values if g not in EXPECTED[kind])
    with pytest.raises(ValidationFailed) as err:
        case_refuse(case=case, actor=cast.intake, ground=wrong, note="x", subject_area="khac")
    assert str(Kind(kind).label).lower() in err.value.fields["ground"][0]
    case.refresh_from_db()
    assert (case.status, case.refusal_ground) == (Status.RECEIVED, "")
    assert not AuditEvent.objects.filter(target_id=str(case.pk), action="case.refuse").exists()
    right = sorted(EXPECTED[kind] - {"other"})[0]
    refused = case_refuse(case=case, actor=cast.intake, ground=right, subject_area="khac", congress_date=CONGRESS)
    assert (refused.status, refused.refusal_ground) == (Status.REFUSED, right)


@pytest.mark.parametrize("kind", Kind.values)
def test_the_page_offers_only_the_grounds_of_the_kind_and_refuses_another(client, cast, frozen_clock, kind):
    case = _letter(cast, kind)
    client.force_login(cast.intake)
    page = lxml.html.fromstring(client.get(reverse("cases:detail", args=[case.pk])).content.decode())
    url = reverse("cases:action", args=[case.pk, "refuse"])
    form = next(f for f in page.forms if f.get("action") == url)
    offered = {o.get("value") for o in form.xpath(".//select[@name='ground']/option") if o.get("value")}
    assert offered == EXPECTED[kind]
    wrong = next(g for g in RefusalGround.values if g not in EXPECTED[kind])
    posted = client.post(url, {"ground": wrong, "subject_area": "khac", "version": case.version, "confirmed": "1"})
    assert posted.status_code == 400
    case.refresh_from_db()
    assert (case.status, case.refusal_ground) == (Status.RECEIVED, "")


@pytest.mark.parametrize("kind", Kind.values)
def test_the_api_answers_a_wrong_ground_with_400_on_the_field(cast, frozen_clock, api_as, kind):
    case = _letter(cast, kind)
    api = api_as(cast.intake)
    wrong = next(g for g in RefusalGround.values if g not in EXPECTED[kind])
    for ground in (wrong, "no_such_ground", ["expired"], 7):
        answer = api.post(f"/api/cases/{case.pk}/refuse/", {"ground": ground, "subject_area": "khac"}, format="json")
        assert answer.status_code == 400, (ground, answer.content)
        assert "ground" in answer.json()["fields"], answer.json()
    assert Case.objects.get(pk=case.pk).status == Status.RECEIVED
    right = "congress_late"
    done = api.post(
        f"/api/cases/{case.pk}/refuse/",
        {"ground": right, "subject_area": "khac", "congress_date": CONGRESS.isoformat()},
        format="json",
    )
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["refusal_ground"]) == ("refused", right)


def test_the_schema_lists_the_grounds_by_kind(api_as, cast):
    schema = api_as(cast.intake).get("/api/schema/?format=json").json()
    refuse = schema["components"]["schemas"]["RefuseInputRequest"]["properties"]["ground"]
    assert "unsigned" in refuse["description"] and "denunciation_form" in refuse["description"]


def test_a_case_refused_before_on_a_ground_now_wrong_for_its_kind_still_reads(client, cast, frozen_clock, api_as):
    case = _letter(cast, Kind.PETITION)
    case = case_refuse(case=case, actor=cast.intake, ground="other", note="Đã trả lời năm 2025", subject_area="khac")
    Case.objects.filter(pk=case.pk).update(refusal_ground=RefusalGround.ALREADY_RESOLVED)
    client.force_login(cast.intake)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    assert str(RefusalGround.ALREADY_RESOLVED.label) in page.content.decode()
    answer = api_as(cast.intake).get(f"/api/cases/{case.pk}/")
    assert answer.status_code == 200 and answer.json()["refusal_ground"] == "already_resolved"
