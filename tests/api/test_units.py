from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_units_list_is_scoped_to_the_callers_subtree(cast, api_as):
    response = api_as(cast.officer).get("/api/units/")
    assert response.status_code == 200
    codes = [u["code"] for u in response.json()["results"]]
    assert codes == ["S", "H", "C"]  # tree order; not the province, not the other sector


def test_another_units_detail_is_404(cast, api_as):
    client = api_as(cast.officer)
    assert client.get(f"/api/units/{cast.hospital.pk}/").status_code == 200
    response = client.get(f"/api/units/{cast.other_grassroots.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_units_filter_by_kind_and_subtree(cast, api_as):
    client = api_as(cast.admin)
    grassroots = client.get("/api/units/", {"kind": "grassroots"}).json()["results"]
    assert {u["code"] for u in grassroots} == {"H", "C", "EG"}
    within = client.get("/api/units/", {"within": cast.other_sector.pk}).json()["results"]
    assert [u["code"] for u in within] == ["E", "EG"]


def test_units_cursor_pagination_walks_every_unit_once(cast, api_as):
    client = api_as(cast.admin)
    seen, url = [], "/api/units/?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [u["code"] for u in body["results"]]
        url = body["next"]
    assert seen == ["P", "S", "H", "C", "E", "EG"]


def test_units_list_makes_a_constant_number_of_queries(cast, api_as, count_queries):
    from tests.factories import make_unit

    for _ in range(8):
        make_unit(parent=cast.hospital)
    client = api_as(cast.officer)
    assert count_queries(client, "/api/units/?page_size=2") == count_queries(client, "/api/units/?page_size=10")
