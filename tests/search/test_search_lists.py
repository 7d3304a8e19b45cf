"""The `q` of the plans' and recommendations' lists, on the page and in the API, reads the search index:
accents and case ignored, scoped like the list; a measure of a denunciation is never found by the case's
reference by someone who may not see the case."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.inspections import services
from casework.search.models import SearchDocument
from core import clock
from tests.builders import api_client, conclude, open_ad_hoc

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(cast, frozen_clock):
    ours = services.plan_create(
        unit=cast.sector, period="annual", year=2026, title="Kế hoạch kiểm tra tài chính công đoàn", actor=cast.chair
    )
    other = services.plan_create(
        unit=cast.sector, period="annual", year=2027, title="Kế hoạch giám sát", actor=cast.chair
    )
    return ours, other


@pytest.fixture
def recommendations(cast, frozen_clock):
    flag = services.flag_raise(
        subject_area="khac",
        unit=cast.hospital,
        category="finance_dues",
        severity="medium",
        evidence="Chi sai quỹ",
        actor=cast.chair,
        source="manual",
    )
    inspection = conclude(cast, open_ad_hoc(cast, [flag]))
    due = clock.today() + dt.timedelta(days=30)
    refund = services.recommendation_add(
        inspection=inspection,
        text="Thủ quỹ hoàn trả khoản chi sai",
        owner_unit=cast.hospital,
        due_on=due,
        actor=cast.chair,
    )
    training = services.recommendation_add(
        inspection=inspection, text="Tập huấn nghiệp vụ kế toán", owner_unit=cast.clinic, due_on=due, actor=cast.chair
    )
    return inspection, refund, training


def _page(client, user, name, params):
    client.force_login(user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["page"]}


def _api(user, path, params):
    response = api_client(user).get(path, params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_plans_are_found_without_accents_on_the_page_and_in_the_api(client, cast, plans):
    ours, other = plans
    for q in ("tai chinh cong doan", "TÀI CHÍNH", ours.reference.lower()):
        assert _page(client, cast.chair, "inspections:plan_list", {"q": q}) == {ours.pk}, q
        assert _api(cast.chair, "/api/inspection-plans/", {"q": q}) == {ours.pk}, q
    assert _page(client, cast.chair, "inspections:plan_list", {"q": "ke hoach"}) == {ours.pk, other.pk}
    # The unit's name is searched too; a reader of another sector finds none of them.
    assert _api(cast.chair, "/api/inspection-plans/", {"q": "nganh y te giam sat"}) == {other.pk}
    assert _api(cast.other_officer, "/api/inspection-plans/", {"q": "ke hoach"}) == set()
    assert _page(client, cast.other_officer, "inspections:plan_list", {"q": "ke hoach"}) == set()


def test_recommendations_are_found_by_text_unit_and_inspection_without_accents(client, cast, recommendations):
    inspection, refund, training = recommendations
    assert _page(client, cast.inspector, "inspections:recommendation_list", {"q": "thu quy hoan tra"}) == {refund.pk}
    assert _api(cast.inspector, "/api/recommendations/", {"q": "thu quy hoan tra"}) == {refund.pk}
    assert _api(cast.inspector, "/api/recommendations/", {"q": "phong kham"}) == {training.pk}
    assert _api(cast.inspector, "/api/recommendations/", {"q": training.reference}) == {training.pk}
    # Its reference is never read as a complaint's ("KN-<year>-<n>", khiếu nại).
    assert training.reference == f"KNTD-{training.pk:05d}"
    assert _api(cast.inspector, "/api/recommendations/", {"q": f"KN-{training.pk:05d}"}) == set()
    both = {refund.pk, training.pk}
    assert _api(cast.inspector, "/api/recommendations/", {"q": inspection.decision_number}) == both
    assert _page(client, cast.inspector, "inspections:recommendation_list", {"q": inspection.title.upper()}) == both
    # The hospital's representative reads its own measure only, whatever is typed.
    assert _api(cast.subject_rep, "/api/recommendations/", {"q": "tap huan"}) == set()
    assert _api(cast.subject_rep, "/api/recommendations/", {"q": "hoan tra"}) == {refund.pk}
    assert _api(cast.other_officer, "/api/recommendations/", {"q": "hoan tra"}) == set()


def test_hostile_queries_answer_an_empty_list_or_a_named_field(cast, plans, recommendations):
    for path in ("/api/inspection-plans/", "/api/recommendations/"):
        for q in ("%", "_", "' OR 1=1 --", "\x00", "đ" * 300):
            response = api_client(cast.chair).get(path, {"q": q})
            assert response.status_code in (200, 400), (path, q, response.status_code)
            if response.status_code == 400:
                assert "q" in response.json()["fields"], response.json()
            else:
                assert response.json()["results"] == [], (path, q)


def test_reindex_rebuilds_the_plans_and_recommendations(cast, plans, recommendations):
    kinds = (SearchDocument.Kind.PLAN, SearchDocument.Kind.RECOMMENDATION)
    before = sorted(SearchDocument.objects.filter(kind__in=kinds).values_list("kind", "object_id", "unit_id", "text"))
    assert len(before) == 4
    SearchDocument.objects.all().delete()
    call_command("search_reindex", stdout=io.StringIO())
    after = sorted(SearchDocument.objects.filter(kind__in=kinds).values_list("kind", "object_id", "unit_id", "text"))
    assert after == before


def test_the_index_reads_recommendations_by_their_reference_after_the_migration(cast, recommendations):
    """Documents indexed under the former "KN-<n>" reference are renamed in place ("KNTD-<n>")."""
    from importlib import import_module

    from django.apps import apps

    from casework.search.models import SearchDocument

    renamed = import_module("casework.search.migrations.0005_recommendation_reference").renamed
    _inspection, refund, _training = recommendations
    document = SearchDocument.objects.get(kind="recommendation", object_id=refund.pk)
    old = f"kn-{refund.pk:05d}"
    SearchDocument.objects.filter(pk=document.pk).update(
        reference=old, text=old + document.text.removeprefix(document.reference)
    )
    renamed(apps, None)
    document.refresh_from_db()
    assert document.reference == f"kntd-{refund.pk:05d}"
    assert document.text.startswith(f"kntd-{refund.pk:05d} ") and "kn-0" not in document.text
    assert _api(cast.inspector, "/api/recommendations/", {"q": refund.reference}) == {refund.pk}


def test_the_search_box_finds_a_recommendation_by_its_reference_and_text_for_its_readers_only(
    client, cast, recommendations
):
    """The header's search box (search_everything) finds recommendations too, by the reference the home pages
    show (KNTD-…) and by their text, linked to their page; someone who may not see one never finds it."""
    from casework.search.selectors import search_everything

    _inspection, refund, training = recommendations
    assert search_everything(user=cast.inspector, q=refund.reference).recommendations == [refund]
    assert search_everything(user=cast.inspector, q="tap huan ke toan").recommendations == [training]
    client.force_login(cast.inspector)
    page = client.get(reverse("search:search"), {"q": refund.reference}).content.decode()
    link = reverse("inspections:recommendation_detail", args=[refund.pk])
    assert f'<a href="{link}">{refund.reference}</a>' in page
    for stranger in (cast.other_officer, cast.outsider):
        assert search_everything(user=stranger, q=refund.reference).recommendations == [], stranger
        client.force_login(stranger)
        assert link not in client.get(reverse("search:search"), {"q": refund.reference}).content.decode()
