"""The leadership queue says on each row whose decision it waits on, by the rule the escalation's page reads
(workflows.selectors.escalations_awaited, from escalation_decider_refusal through escalations_deciders_read):
the deciders of every row are read together, so the page costs as many queries for 8 rows as for 2. A row the
conflicts shaped names the deciding level to the leadership only; a committee chair reads the general line."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.inspections.services.teams import conflict_declare
from tests.builders import make_case, raise_flag
from workflows.selectors import escalation_awaited
from workflows.services.escalations import escalation_open

pytestmark = pytest.mark.django_db

SECTOR_BTV = "Chờ Ban Thường vụ Công đoàn ngành Y tế quyết định"
PROVINCE_BTV = "Chờ Ban Thường vụ LĐLĐ tỉnh quyết định"
COMPETENT = "Chờ cấp có thẩm quyền quyết định"


def escalated_flag(cast, unit):
    flag = raise_flag(cast, unit=unit)
    return escalation_open(target=flag, unit=cast.sector, reason="Cần lãnh đạo cho ý kiến.", actor=cast.chair)


def queue_rows(client, user) -> dict[int, str]:
    """Each row's escalation (by its link) and the line it says whom it waits on."""
    client.force_login(user)
    answer = client.get(reverse("workflows:list"))
    assert answer.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", answer.content.decode(), re.S)
    found = {}
    for row in rows:
        link = re.search(r'href="/escalations/(\d+)/"', row)
        line = re.search(r'<small class="awaited">(.*?)</small>', row)
        if link and line:
            found[int(link.group(1))] = line.group(1)
    return found


@pytest.fixture
def conflicted_queue(cast, frozen_clock):
    """The sector's leader declared a conflict with the hospital: its flags go to the province's leadership,
    the clinic's stay with the sector's."""
    conflict_declare(user=cast.leader, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.leader)
    return escalated_flag(cast, cast.hospital), escalated_flag(cast, cast.clinic)


def test_each_row_names_the_level_that_decides_it(client, cast, conflicted_queue):
    hospital, clinic = conflicted_queue
    rows = queue_rows(client, cast.province_leader)
    assert rows[hospital.pk] == PROVINCE_BTV
    assert rows[clinic.pk] == SECTOR_BTV
    # The page's own line, by the same rule.
    assert escalation_awaited(escalation=hospital, user=cast.province_leader) == rows[hospital.pk]
    assert escalation_awaited(escalation=clinic, user=cast.province_leader) == rows[clinic.pk]


def test_a_row_the_conflicts_shaped_reads_the_general_line_to_a_committee_chair(client, cast, conflicted_queue):
    hospital, clinic = conflicted_queue
    rows = queue_rows(client, cast.chair)
    assert rows[hospital.pk] == COMPETENT
    assert rows[clinic.pk] == SECTOR_BTV
    assert escalation_awaited(escalation=hospital, user=cast.chair) == COMPETENT


def test_the_queue_reads_every_rows_deciders_at_once(client, cast, frozen_clock):
    """Rows about flags of two units, one of them conflicted for the sector's leader, and about cases: 9 rows
    cost the queries of 3."""
    conflict_declare(user=cast.leader, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.leader)

    def add_rows(n):
        for i in range(n):
            escalated_flag(cast, cast.hospital)
            escalated_flag(cast, cast.clinic)
            case = make_case(cast, title=f"Đơn {i}")
            escalation_open(target=case, unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)

    def queries_for_page(rows):
        client.force_login(cast.province_leader)
        with CaptureQueriesContext(connection) as ctx:
            answer = client.get(reverse("workflows:list"))
        assert answer.status_code == 200
        page = answer.content.decode()
        assert page.count('<small class="awaited">') == rows
        assert page.count(PROVINCE_BTV) >= rows // 3 and page.count(SECTOR_BTV) == rows // 3
        return len(ctx.captured_queries)

    add_rows(1)
    three = queries_for_page(3)
    add_rows(2)
    assert queries_for_page(9) == three
