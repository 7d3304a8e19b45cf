"""The process diagram tag, the dashboard's SVG charts and the case notice PDFs."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from casework.cases.models import Case
from casework.inspections.models import Inspection
from casework.reports.diagram import state_graph
from tests import builders

pytestmark = pytest.mark.django_db


def test_diagram_draws_every_state_and_highlights_the_current_one():
    case = Case(kind="complaint", status="verifying")
    svg = Template("{% load process_diagram %}{% process_diagram case %}").render(Context({"case": case}))
    states, labels, edges, initial = state_graph(Case, like=case)
    assert initial == "received"
    assert svg.startswith("<svg") and svg.count("<g data-state=") == len(states)
    assert '<g data-state="verifying" data-current="true">' in svg
    assert svg.count('data-current="true"') == 1
    assert "Đang xác minh" in svg
    # Transitions from the model metadata, RETURN_VALUE targets where they return.
    assert ("received", "accepted", "accept") in edges and ("suspended", "proposed", "resume") in edges
    assert ("accepted", "assigned", "assign") in edges and ("assigned", "verifying", "assign") not in edges
    assert svg.count("marker-end=") == len(edges)


def test_diagram_works_for_inspections_too():
    svg = Template("{% load process_diagram %}{% process_diagram i %}").render(
        Context({"i": Inspection(status="fieldwork")})
    )
    assert '<g data-state="fieldwork" data-current="true">' in svg and "Đang kiểm tra tại đơn vị" in svg


def test_diagram_speaks_the_readers_language():
    render = Template("{% load process_diagram %}{% process_diagram i %}").render
    with translation.override("en"):
        svg = render(Context({"i": Inspection(status="fieldwork")}))
    assert "<title>Process diagram — current step:" in svg and "Sơ đồ" not in svg
    with translation.override("vi"):
        assert "<title>Sơ đồ quy trình — bước hiện tại:" in render(Context({"i": Inspection(status="fieldwork")}))


def test_dashboard_renders_inline_svg_charts(client, cast, dataset, frozen_clock):
    client.force_login(cast.leader)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<svg") >= 4 and "<script" not in body.split("<main>")[1]
    assert "Giải quyết đúng hạn (trong số đơn đã giải quyết trong quý)" in body and "(50,0%)" in body
    # Overdue by unit: the hospital and clinic letters past their accept clocks.
    assert "CĐCS Bệnh viện: 1" in body and "CĐCS Phòng khám: 1" in body
    assert "Quý I/2026" in body and "Quý II/2025" in body
    # The dashboard is for leadership: a case officer gets 404, as for any unit outside scope.
    client.force_login(cast.officer)
    assert client.get(reverse("reports:dashboard")).status_code == 404
    client.force_login(cast.leader)
    assert client.get(reverse("reports:dashboard"), {"unit": "E"}).status_code == 404


def test_case_notice_pdf_redacts_the_denouncer(client, cast, dataset, frozen_clock):
    client.force_login(cast.leader)
    transferred = dataset.cases["transferred"]
    response = client.get(reverse("reports:case_notice_pdf", args=[transferred.pk, "transfer"]))
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "PHIẾU CHUYỂN ĐƠN" in text and "Công an huyện" in text
    assert "Kính gửi: Công an huyện" in text and "Nguyễn Văn Gửi" not in text
    quick = dataset.cases["quick"]
    text = "\n".join(
        p.extract_text()
        for p in PdfReader(
            io.BytesIO(client.get(reverse("reports:case_notice_pdf", args=[quick.pk, "decision"])).content)
        ).pages
    )
    assert "QUYẾT ĐỊNH" in text and "Người khiếu nại: Nguyễn Văn Gửi" in text and f"Số: {quick.decision_number}" in text
    # A notice the case does not have yet, and a case outside scope: 404.
    assert client.get(reverse("reports:case_notice_pdf", args=[transferred.pk, "decision"])).status_code == 404
    client.force_login(cast.other_officer)
    assert client.get(reverse("reports:case_notice_pdf", args=[quick.pk, "decision"])).status_code == 404


def test_inspection_documents_as_pdf(client, cast, frozen_clock):
    from tests.builders import conclude, open_ad_hoc, raise_flag

    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    client.force_login(cast.chair)
    url = reverse("reports:inspection_document_pdf", args=[inspection.pk, "decision"])
    response = client.get(url)
    # The decision's number ("…/QĐ-UBKT") names the file in a header every browser reads (RFC 6266 filename*).
    name = inspection.decision_number.replace("/", "-")
    assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote(name)}-decision.pdf"
    assert "\n" not in response["Content-Disposition"] and "=?utf-8?" not in response["Content-Disposition"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert (
        "QUYẾT ĐỊNH" in text
        and f"Số: {inspection.decision_number}" in text
        and "Kiểm tra CĐCS Bệnh viện về nội dung" in text
    )
    assert "Tài chính: chi tiêu" in text
    # No conclusion yet: 404.
    assert client.get(reverse("reports:inspection_document_pdf", args=[inspection.pk, "conclusion"])).status_code == 404
    inspection = conclude(cast, inspection)
    url = reverse("reports:inspection_document_pdf", args=[inspection.pk, "conclusion"])
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(url).content)).pages)
    assert "Kết luận kiểm tra" in text and "Vi phạm một phần" in text and "Kính gửi: CĐCS Bệnh viện" in text
    client.force_login(cast.other_officer)
    assert client.get(url).status_code == 404


def test_the_trend_counts_each_quarter_as_the_full_report_does(cast, dataset, frozen_clock):
    """Earlier quarters are read with the case query alone; their letters must be those of the report."""
    from casework.reports.figures import compute_figures
    from casework.reports.selectors import REPORT_ROLES, dashboard_data

    data = dashboard_data(user=cast.leader, unit=cast.sector)
    assert len(data.trend) == 4 and data.trend[-1][1] is data.figures
    for quarter, figures in data.trend:
        full = compute_figures(unit=cast.sector, period=quarter, user=cast.leader, roles=REPORT_ROLES)[None]
        for key in ("received_total", "resolved", "resolved_late", "resolved_on_time"):
            assert figures[key] == full[key], (quarter.label, key)
    assert any(figures["received_total"] for _q, figures in data.trend[:-1])  # the dataset has earlier letters
    # The one-scan trend also counts resolved and late letters as the report does (the current
    # quarter has both: one decided on time, one late).
    from casework.reports.figures import compute_case_trend

    (current,) = compute_case_trend(unit=cast.sector, periods=[data.period], user=cast.leader, roles=REPORT_ROLES)
    assert current["resolved_late"] >= 1 and current["resolved_on_time"] >= 1
    for key in ("received_total", "resolved", "resolved_late", "resolved_on_time"):
        assert current[key] == data.figures[key], key


def test_overdue_by_unit_counts_each_open_case_with_a_clock_past_due_once(cast, dataset, frozen_clock):
    """The dashboard's overdue bars (one hashed set of overdue clocks) against the rule read case by case
    (the chip each case's page shows), over the backlog the report counts open (neither resolved nor closed)."""
    import datetime as dt
    from collections import Counter

    from casework.reports.selectors import overdue_by_unit
    from workflows.deadline_status import status_of

    seen = []
    for days in (0, 10, 45, 400):
        frozen_clock.set_now(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC) + dt.timedelta(days=days))
        open_cases = Case.objects.filter(
            decided_on__isnull=True, closed_on__isnull=True, unit__path__startswith=cast.sector.path
        )
        now = frozen_clock.now()
        expected = Counter(
            case.unit.code for case in open_cases if (chip := status_of(case, now)) is not None and chip.overdue
        )
        got = {row["unit__code"]: row["n"] for row in overdue_by_unit(user=cast.leader, unit=cast.sector)}
        assert got == dict(expected)
        seen.append(sum(got.values()))
    assert seen[0] < seen[-1]  # time passing makes more letters overdue, and they are counted


def _diagram(case: Case) -> str:
    return Template("{% load process_diagram %}{% process_diagram case %}").render(Context({"case": case}))


# Steps only one kind takes: (source, target, transition).
DENUNCIATION_ONLY = {("approved", "concluded", "conclude"), ("received", "not_processed", "set_aside")}
PETITION_ONLY = {("assigned", "answered", "answer")}
COMPLAINT_ONLY = {("approved", "decided", "decide"), ("verifying", "dialogue", "record_dialogue")}


@pytest.mark.parametrize(
    "kind, own, others",
    [
        ("complaint", COMPLAINT_ONLY, DENUNCIATION_ONLY | PETITION_ONLY),
        ("denunciation", DENUNCIATION_ONLY, COMPLAINT_ONLY | PETITION_ONLY),
        ("petition", PETITION_ONLY, COMPLAINT_ONLY | DENUNCIATION_ONLY),
    ],
)
def test_each_kinds_diagram_draws_its_own_steps_and_no_other_kinds(kind, own, others):
    from tests.cases.test_demo import EXPECTED

    case = Case(kind=kind, status="received")
    states, labels, edges, _initial = state_graph(Case, like=case)
    assert own <= edges and not others & edges
    # Every state a case of the kind reaches in the demo is drawn, and nothing else is.
    assert EXPECTED[kind] <= set(states)
    assert not {t for _s, t, _n in others} - {t for _s, t, _n in own} & set(states)
    svg = _diagram(case)
    assert svg.count("<g data-state=") == len(states) and svg.count("marker-end=") == len(edges)
    for state in set(labels) - set(states):
        assert f'data-state="{state}"' not in svg


def test_a_complaints_diagram_has_no_conclusion_answer_or_setting_aside():
    svg = _diagram(Case(kind="complaint", status="verifying"))
    assert 'data-state="concluded"' not in svg and 'data-state="answered"' not in svg
    assert 'data-state="not_processed"' not in svg and "Không xử lý" not in svg
    # A suspended complaint resumes to the step it left, its dialogue among them; a denunciation has none.
    assert ("suspended", "dialogue", "resume") in state_graph(Case, like=Case(kind="complaint"))[2]
    assert not any("dialogue" in edge for edge in state_graph(Case, like=Case(kind="denunciation"))[2])


def test_the_diagrams_labels_are_whole_wrapped_over_lines():
    import re

    from casework.cases.models import Status

    svg = _diagram(Case(kind="complaint", status="decided"))
    assert "…" not in svg
    decided = svg.split('<g data-state="decided"')[1].split("</g>")[0]
    lines = re.findall(r"<tspan [^>]*>([^<]*)</tspan>", decided)
    assert len(lines) > 1 and " ".join(lines) == str(Status.DECIDED.label)


def test_a_first_complaint_may_go_from_assignment_to_proposal_found_right_on_reexamination():
    """Luật Khiếu nại 2011 Đ.29 khoản 1 điểm a: a first complaint found right on re-examination is decided at
    once, with no verification; the diagram draws that way for first complaints only, and the approval and
    decision that follow the dialogue a second complaint requires (Đ.39)."""
    _, _, first, _ = state_graph(Case, like=Case(kind="complaint", round=1, status="assigned"))
    _, _, second, _ = state_graph(Case, like=Case(kind="complaint", round=2, status="assigned"))
    _, _, denunciation, _ = state_graph(Case, like=Case(kind="denunciation", status="assigned"))
    assert ("assigned", "proposed", "propose") in first
    assert ("assigned", "proposed", "propose") not in second | denunciation
    for edges in (first, second):
        assert {("assigned", "verifying", "start_verification"), ("verifying", "dialogue", "record_dialogue")} <= edges
        assert {("proposed", "approved", "approve"), ("dialogue", "proposed", "propose")} <= edges


def test_the_diagram_asks_the_path_while_the_transition_asks_the_case(cast):
    """A first complaint assigned with no re-examination recorded cannot be proposed yet, whatever the
    diagram draws for its kind."""
    case = builders.assigned(cast)
    assert not case.decided_on_reexamination()
    assert "propose" not in {t.name for t in case.get_available_status_transitions()}
    assert ("assigned", "proposed", "propose") in state_graph(Case, like=case)[2]
