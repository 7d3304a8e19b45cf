"""A measure of a denunciation's conclusion names its case only to readers of the case (Luật Tố cáo
2018 Đ.47), wherever its source shows: the list's order by source, and the title escalations, their
pages, their API and their notices give it."""

from __future__ import annotations

import html
import re

import pytest

from casework.inspections import services
from casework.inspections.models import Recommendation
from casework.inspections.selectors import CASE_SOURCE_HIDDEN
from notifications.models import Notification, OutboxMessage
from tests import builders
from workflows.escalations import target_summary
from workflows.models import Escalation

pytestmark = pytest.mark.django_db

TARGET = "inspections.recommendation"


def handled(cast, title: str):
    return builders.handled_denunciation(cast, title=title)


def measure(cast, case) -> Recommendation:
    return builders.conclusion_measure(cast, case, monitor=cast.inspector, text="Thu hồi khoản chi sai")


def _listed(client, user, sort: str) -> list[int]:
    client.force_login(user)
    page = client.get(f"/inspections/recommendations/?sort={sort}").content.decode()
    return [int(pk) for pk in re.findall(r'href="/inspections/recommendations/(\d+)/"', page)]


def test_sorting_by_source_tells_a_representative_nothing_of_the_case_references(cast, frozen_clock, client):
    first = handled(cast, "Tố cáo chi sai quỹ")
    second = handled(cast, "Tố cáo thu sai đoàn phí")
    assert first.reference < second.reference
    # The measure of the later case is recorded first: by reference and by id they come in opposite orders.
    of_second = measure(cast, second)
    of_first = measure(cast, first)
    # The representative sees neither case: the two sort together, by id, whichever way.
    assert _listed(client, cast.subject_rep, "inspection") == [of_second.pk, of_first.pk]
    assert _listed(client, cast.subject_rep, "-inspection") == [of_first.pk, of_second.pk]
    # A reader of both cases sorts them by their references.
    assert _listed(client, cast.leader, "inspection") == [of_first.pk, of_second.pk]
    assert _listed(client, cast.leader, "-inspection") == [of_second.pk, of_first.pk]


def _returned_twice(cast, rec: Recommendation) -> Escalation:
    for attempt in (1, 2):
        services.followup_report(recommendation=rec, text=f"Báo cáo lần {attempt}", actor=cast.subject_rep)
        services.recommendation_verify(
            recommendation=rec, verdict="returned", reason="Chưa có chứng từ thu hồi", actor=cast.inspector
        )
    return Escalation.objects.get(target_type=TARGET, target_id=str(rec.pk))


def test_an_escalation_names_the_case_of_a_measure_only_to_readers_of_the_case(cast, frozen_clock, client, api_as):
    case = handled(cast, "Tố cáo chi sai quỹ")
    rec = measure(cast, case)
    escalation = _returned_twice(cast, rec)
    # To the leader, who reads the case: its reference, on the page, in the queue and through the API.
    assert case.reference in target_summary(TARGET, str(rec.pk), reader=cast.leader)["title"]
    client.force_login(cast.leader)
    assert case.reference in client.get(f"/escalations/{escalation.pk}/").content.decode()
    assert case.reference in client.get("/escalations/").content.decode()
    target = api_as(cast.leader).get(f"/api/escalations/{escalation.pk}/").json()["target"]
    assert case.reference in target["title"]
    # To the unit that must act, and in what is sent (notices, e-mails, whoever reads them): a neutral label.
    for reader in (cast.subject_rep, None):
        title = target_summary(TARGET, str(rec.pk), reader=reader)["title"]
        assert case.reference not in title and str(CASE_SOURCE_HIDDEN) in title
    notices = Notification.objects.filter(key__startswith=f"escalation:{escalation.pk}:")
    assert notices.exists()
    assert not notices.filter(title__contains=case.reference).exists()
    assert not notices.filter(body__contains=case.reference).exists()
    mails = OutboxMessage.objects.filter(key__startswith=f"escalation:{escalation.pk}:")
    assert mails.exists()
    assert not mails.filter(subject__contains=case.reference).exists()
    assert not mails.filter(body__contains=case.reference).exists()


def _source_cell(client, user, rec: Recommendation, language: str = "vi") -> str:
    """The list's source cell of `rec`, as `user` reads the list in `language`."""
    client.force_login(user)
    client.cookies["django_language"] = language
    page = client.get("/inspections/recommendations/").content.decode()
    cells = re.findall(rf'href="/inspections/recommendations/{rec.pk}/">[^<]*</a></td><td>([^<]*)</td>', page)
    assert len(cells) == 1, page
    return html.unescape(cells[0])


def _api_source(api_as, user, rec: Recommendation) -> tuple[int | None, str]:
    body = api_as(user).get(f"/api/recommendations/{rec.pk}/").json()
    rows = api_as(user).get("/api/recommendations/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [(r["case"], r["source_reference"]) for r in rows if r["id"] == rec.pk] == [
        (body["case"], body["source_reference"])
    ]
    return body["case"], body["source_reference"]


def test_a_reader_who_may_not_see_the_case_gets_no_source_on_the_list_nor_through_the_api(
    cast, frozen_clock, client, api_as
):
    case = handled(cast, "Tố cáo chi sai quỹ")
    rec = measure(cast, case)
    # The unit that must act: the neutral label, in the reader's language, and no case.
    assert _source_cell(client, cast.subject_rep, rec) == "Kết luận nội dung tố cáo"
    assert _source_cell(client, cast.subject_rep, rec, "en") == "Conclusion on the denunciation"
    assert _api_source(api_as, cast.subject_rep, rec) == (None, "Kết luận nội dung tố cáo")
    # A reader of the case: its reference, on the list and through the API.
    assert _source_cell(client, cast.leader, rec) == case.reference
    assert _api_source(api_as, cast.leader, rec) == (case.pk, case.reference)
    # A measure of an inspection names the inspection to whoever reads it.
    inspection = builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast)]))
    inspection_rec = builders.recommend(cast, inspection)
    assert _source_cell(client, cast.subject_rep, inspection_rec) == inspection_rec.inspection.reference


def test_the_list_and_the_page_print_the_source_the_rule_gives(cast, frozen_clock, client, monkeypatch):
    """The pages hold no copy of the rule: they print what recommendation_source_shown answers."""
    from casework.inspections import selectors

    case = handled(cast, "Tố cáo chi sai quỹ")
    rec = measure(cast, case)
    answered = []

    def rule(*, recommendation, user):
        answered.append((recommendation.pk, user))
        return selectors.RecommendationSource(None, "NGUON-THEO-QUY-TAC")

    monkeypatch.setattr(selectors, "recommendation_source_shown", rule)
    assert _source_cell(client, cast.leader, rec) == "NGUON-THEO-QUY-TAC"
    page = client.get(f"/inspections/recommendations/{rec.pk}/").content.decode()
    assert "NGUON-THEO-QUY-TAC" in page and case.reference not in page and f"/cases/{case.pk}/" not in page
    assert answered == [(rec.pk, cast.leader), (rec.pk, cast.leader)]
