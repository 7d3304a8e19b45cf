"""The search box finds supervisions by reference, title, topics and the units, scoped by the
supervisions' one visibility rule: a reader outside it never finds one, the unit supervised only
once it has started."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from casework.org.models import Role
from casework.search.models import SearchDocument
from casework.search.selectors import search_everything
from casework.supervision import services
from tests.builders import make_supervision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_supervision_is_found_by_reference_title_topics_and_unit(cast, frozen_clock):
    with translation.override("en"):  # its topics are indexed as the site writes them, whoever created it
        supervision = make_supervision(cast, title="Giám sát việc thu, chi quỹ công đoàn")
    for q in (supervision.reference.lower(), "thu chi quy", "so sach chung tu", "cdcs benh vien", "nganh y te"):
        assert search_everything(user=cast.chair, q=q).supervisions == [supervision], q


def test_a_reader_outside_its_scope_never_finds_it(cast, frozen_clock, client):
    supervision = make_supervision(cast, title="Giám sát việc thu, chi quỹ công đoàn")
    strangers = [
        UserFactory(username="e_insp", roles=[(Role.INSPECTOR, cast.other_sector)]),
        UserFactory(username="h_insp", roles=[(Role.INSPECTOR, cast.hospital)]),  # the flags', not the sector's
        cast.other_officer,
        cast.outsider,
        cast.subject_rep,  # not before it starts
    ]
    for user in strangers:
        assert search_everything(user=user, q=supervision.reference).supervisions == [], user
        client.force_login(user)
        assert supervision.reference not in client.get(reverse("search:search"), {"q": "thu chi quy"}).content.decode()
    services.supervision_start(supervision=supervision, actor=cast.inspector)
    assert search_everything(user=cast.subject_rep, q="thu chi quy").supervisions == [supervision]


def test_the_page_links_it_and_a_reindex_keeps_it(cast, frozen_clock, client):
    supervision = make_supervision(cast)
    client.force_login(cast.inspector)
    page = client.get(reverse("search:search"), {"q": supervision.reference}).content.decode()
    assert f'<a href="{reverse("supervision:detail", args=[supervision.pk])}">{supervision.reference}</a>' in page
    before = list(SearchDocument.objects.filter(kind="supervision").values_list("object_id", "text"))
    call_command("search_reindex", stdout=io.StringIO())
    assert list(SearchDocument.objects.filter(kind="supervision").values_list("object_id", "text")) == before
    assert before and before[0][0] == supervision.pk
