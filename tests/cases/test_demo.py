"""The demo loader covers every kind in every state and a second run changes nothing; `load_demo` builds
the Thái Bình tree with a user per role and a second run of it changes nothing. The module's tests read
one load of the organisation and the cases (`demo_cases`), each rolling back what it writes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.demo import TITLES, load_demo_cases
from casework.cases.models import Case, ConclusionPublication, Kind, Status, TerminationGround
from casework.org.demo import load_demo_org
from casework.org.models import Role, RoleAssignment, Unit, User
from casework.papers.models import Paper
from core import clock
from tests.module_data import built_for_module
from workflows.models import Deadline

pytestmark = pytest.mark.django_db

EXPECTED = {
    Kind.COMPLAINT: {
        "received",
        "accepted",
        "assigned",
        "verifying",
        "dialogue",
        "proposed",
        "approved",
        "decided",
        "notified",
        "closed",
        "refused",
        "transferred",
        "guided",
        "withdrawn",
        "terminated",
        "merged",
        "suspended",
    },
    Kind.DENUNCIATION: {
        "received",
        "accepted",
        "assigned",
        "verifying",
        "proposed",
        "approved",
        "concluded",
        "handled",
        "notified",
        "closed",
        "refused",
        "transferred",
        "withdrawn",
        "terminated",
        "merged",
        "suspended",
        "not_processed",
    },
    Kind.PETITION: {
        "received",
        "accepted",
        "assigned",
        "answered",
        "closed",
        "refused",
        "transferred",
        "guided",
        "withdrawn",
    },
}


@pytest.fixture(scope="module")
def demo_cases(django_db_setup, django_db_blocker):
    """What the first run of the cases' loader answers, on the demo organisation, by the real clock."""
    with built_for_module(django_db_blocker, lambda: (load_demo_org(), load_demo_cases())[1], at=None) as first:
        yield first


def test_demo_cases_cover_every_state_and_are_idempotent(demo_cases):
    first = demo_cases
    assert first["cases"] > 40
    for kind, states in EXPECTED.items():
        assert set(Case.objects.filter(kind=kind).values_list("status", flat=True)) == states
    assert Case.objects.filter(round=2).exists()
    _complaint_decisions_sent_and_dialogue_recorded()
    assert Case.objects.filter(extensions__gt=0).exists()
    # titles name a topic and a number, never the internal state the case was brought to
    titles = " ".join(Case.objects.values_list("title", flat=True))
    assert not {status for states in EXPECTED.values() for status in states} & set(titles.replace(")", " ").split())
    count = Case.objects.count()
    assert load_demo_cases() == {"cases": 0}
    assert Case.objects.count() == count


def _complaint_decisions_sent_and_dialogue_recorded() -> None:
    """Nghị định 124/2020/NĐ-CP Đ.28, 28b (sửa đổi, bổ sung bởi Nghị định 155/2026/NĐ-CP): the demo shows a
    complaint's suspension, termination and resumption (Mẫu số 14b) decisions sent, a termination sent
    to the commune's People's Committee, and a dialogue with the recipients of its notice."""
    titles = TITLES[Kind.COMPLAINT]

    def actions(target: str) -> set[str]:
        case = Case.objects.get(title=titles[target])
        return set(audit_events_for(target_type="cases.case", target_id=case.pk).values_list("action", flat=True))

    assert Case.objects.get(title=titles["suspension_sent"]).status == Status.SUSPENDED
    assert "case.suspension_sent" in actions("suspension_sent")
    assert {"case.suspension_sent", "case.resume", "case.resumption_sent"} <= actions("resumed")
    resumed = Case.objects.get(title=titles["resumed"])
    assert Paper.objects.filter(
        target_id=str(resumed.pk), template_version__template__key="case.complaint_resumption"
    ).exists()
    assert "case.termination_sent" in actions("terminated")
    no_heir = Case.objects.get(title=titles["terminated_no_heir"])
    assert (no_heir.termination_ground, no_heir.termination_commune_committee) == (
        TerminationGround.NO_HEIR,
        "Ủy ban nhân dân xã Vũ Hội",
    )
    sent = audit_events_for(target_type="cases.case", target_id=no_heir.pk).get(action="case.termination_sent")
    assert sent.after["sent_to"][0].startswith("Ủy ban nhân dân cấp xã: Ủy ban nhân dân xã Vũ Hội")
    dialogue = Case.objects.get(title=titles["dialogue"])
    assert dialogue.dialogue_notice_to == ["complainant", "complained_against", "related_bodies"]
    assert dialogue.dialogue_agreed and dialogue.dialogue_opinions
    assert Paper.objects.filter(
        target_id=str(dialogue.pk), template_version__template__key="case.dialogue_record"
    ).exists()


def test_the_notified_denunciations_posting_runs_with_no_end_known_so_its_last_day_is_offered(demo_cases):
    # Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b: the last day of a posting is recorded once it is known.
    case = Case.objects.get(title=TITLES[Kind.DENUNCIATION]["notified"])
    record = ConclusionPublication.objects.get(case=case)
    assert record.posting_from is not None and (record.posting_until, record.posting_days) == (None, None)
    assert "publication_end" in case_actions(user=case.assignee, case=case)


def test_the_demo_denunciations_told_the_person_denounced_of_their_acceptance(demo_cases):
    """Luật Tố cáo 2018 Đ.29: both notices of acceptance go out; only the "accepted" sample is left
    with them waiting, so no closed denunciation reaches the leaders for a notice never sent."""
    waiting = Deadline.objects.filter(
        target_type="cases.case", step="notify_denounced", status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED]
    ).values_list("target_id", flat=True)
    titles = set(Case.objects.filter(pk__in=[int(pk) for pk in waiting]).values_list("title", flat=True))
    assert titles == {TITLES[Kind.DENUNCIATION]["accepted"]}
    sent = AuditEvent.objects.filter(action="case.denounced_notice").count()
    assert sent >= Case.objects.filter(kind=Kind.DENUNCIATION, status=Status.CLOSED).count() > 0


def test_the_demo_merges_each_duplicate_after_both_letters_were_received(demo_cases):
    """A case can only be merged into one whose letter is already in: each merge, on both sides, is dated
    after the receipt of the duplicate and of the case that carries on."""
    merged = Case.objects.filter(status=Status.MERGED).select_related("merged_into")
    assert merged.exists()
    for case in merged:
        into = case.merged_into
        (duplicate,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.merge")
        (receiving,) = [
            event
            for event in audit_events_for(target_type="cases.case", target_id=into.pk).filter(
                action="case.merge_receive"
            )
            if event.after["merged"] == case.reference
        ]
        for event in (duplicate, receiving):
            at = timezone.localdate(event.at)
            assert at > max(case.received_on, into.received_on), case.title


def test_each_demo_duplicate_is_its_senders_second_letter_about_the_same_matter(demo_cases):
    """The reason the demo gives for each merge ("Cùng nội dung, cùng người gửi") holds: the duplicate comes from
    the sender of the letter it is merged into (the intake's sender fingerprint), about the same union and person,
    under the same subject."""
    merged = Case.objects.filter(status=Status.MERGED).select_related("merged_into")
    assert merged.count() >= 2
    for case in merged:
        into = case.merged_into
        assert case.submitter_fingerprint and case.submitter_fingerprint == into.submitter_fingerprint, case.title
        assert (case.subject_unit_id, case.subject_person) == (into.subject_unit_id, into.subject_person)
        assert case.title.startswith(into.title), case.title


def test_the_demo_decisions_and_conclusions_carry_each_part_the_law_requires(demo_cases):
    """Luật Tố cáo 2018 Đ.35 khoản 2; Luật Khiếu nại 2011 Đ.31 khoản 2, Đ.40 khoản 2: every decided or concluded
    sample has each required part, and its paper prints them under their headings."""
    from casework.cases.decision_parts import decision_parts

    decided = Case.objects.filter(kind__in=[Kind.COMPLAINT, Kind.DENUNCIATION]).exclude(decided_on=None)
    decided = decided.filter(termination_ground="")  # a termination decides nothing on the merits
    assert decided.filter(kind=Kind.DENUNCIATION).exists() and decided.filter(kind=Kind.COMPLAINT).exists()
    for case in decided:
        for part in decision_parts(case.kind):
            assert not part.required or getattr(case, part.field).strip(), (case.title, part.field)
        key = "case.conclusion" if case.kind == Kind.DENUNCIATION else "case.decision"
        paper = Paper.objects.get(target_id=str(case.pk), template_version__template__key=key, status="issued")
        assert decision_parts(case.kind)[0].heading in paper.values["decision_text"]


def test_the_demo_decisions_signed_by_btv_sign_for_the_chair_as_vice_chair(demo_cases):
    """btv is the sector union's Phó Chủ tịch (org.demo.DEMO_POSITIONS): a decision of its standing committee signed
    by him reads "TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (Nghị định 30/2020/NĐ-CP Phụ lục I mục II.7)."""
    from tests.papers.conftest import pdf_text

    papers = Paper.objects.filter(template_version__template__key="case.decision", signer__username="btv")
    assert papers.exists()
    for paper in papers:
        assert (paper.authority_line, paper.signer_title) == ("TM. BAN THƯỜNG VỤ\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
        with paper.pdf.open("rb") as handle:
            lines = [line.strip() for line in pdf_text(handle.read()).splitlines()]
        at = lines.index("Bùi Văn Thường Vụ")
        assert lines[at - 4 : at - 1] == ["TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], lines[at - 6 : at + 1]


def test_the_handled_denunciation_shows_a_measure_reported_and_waiting_for_its_monitor(demo_cases):
    """Luật Tố cáo 2018 Đ.44 khoản 3: the demo's handled denunciation has a measure of its conclusion,
    reported on by the hospital's union, which its monitor finds to verify and the union reads
    without the case."""
    from django.test import Client

    from casework.inspections.models import Recommendation
    from casework.inspections.selectors import reports_to_verify
    from casework.org.models import User

    case = Case.objects.get(title=TITLES[Kind.DENUNCIATION]["handled"])
    rec = Recommendation.objects.get(case=case)
    assert (rec.status, rec.owner_unit.code, rec.monitor.username) == ("reported", "CDCS-BVDK", "kiemtra1")
    assert rec.reports.get().reported_by.username == "donvi"
    monitor, rep = User.objects.get(username="kiemtra1"), User.objects.get(username="donvi")
    assert [r.recommendation_id for r in reports_to_verify(user=monitor)] == [rec.pk]
    client = Client()
    client.force_login(monitor)
    assert (
        f"/inspections/recommendations/{rec.pk}/verify/"
        in client.get(f"/inspections/recommendations/{rec.pk}/").content.decode()
    )
    client.force_login(rep)
    page = client.get(f"/inspections/recommendations/{rec.pk}/")
    assert page.status_code == 200 and case.reference not in page.content.decode()
    assert Recommendation.objects.filter(case=case).count() == 1
    load_demo_cases()
    assert Recommendation.objects.filter(case=case).count() == 1


def test_the_demo_proposals_draft_each_part_the_decision_form_starts_from(demo_cases):
    """Every proposed-or-later complaint and denunciation of the demo proposed a draft of each part of its
    decision or conclusion (casework.cases.decision_parts); the approved samples' decision form starts from
    their own drafts, part by part (`decision_draft`), and the proposed samples' page shows theirs."""
    from django.test import Client

    from casework.cases.decision_parts import decision_draft, decision_parts, draft_field
    from casework.cases.demo import PROPOSAL_DRAFTS

    proposed = Case.objects.filter(kind__in=[Kind.COMPLAINT, Kind.DENUNCIATION]).exclude(proposal="")
    assert proposed.filter(kind=Kind.COMPLAINT).exists() and proposed.filter(kind=Kind.DENUNCIATION).exists()
    for case in proposed:
        for part in decision_parts(case.kind):
            assert getattr(case, draft_field(part.field)).strip(), (case.title, part.field)
    client = Client()
    for kind in (Kind.COMPLAINT, Kind.DENUNCIATION):
        approved = Case.objects.get(title=TITLES[kind]["approved"])
        assert approved.status == Status.APPROVED
        assert decision_draft(approved) == PROPOSAL_DRAFTS[approved.title]
        assert set(decision_draft(approved)) == {p.field for p in decision_parts(kind)}
        case = Case.objects.get(title=TITLES[kind]["proposed"])
        assert case.status == Status.PROPOSED
        client.force_login(case.assignee)
        page = client.get(f"/cases/{case.pk}/").content.decode()
        assert PROPOSAL_DRAFTS[case.title]["legal_basis"] in page


def test_the_grassroots_committee_of_one_has_a_complaint_in_progress_in_its_own_unit(demo_cases):
    """kiemtracs, the one inspector of Công đoàn cơ quan Sở Y tế: a member's complaint about a union allowance,
    assigned to them and being verified within its running resolution limit, on their home page and in their
    list, which holds their unit's cases only (DESIGN: a role reaches its unit's subtree)."""
    from django.test import Client

    from casework.cases.actions import case_actions
    from casework.cases.demo import GRASSROOTS_TITLE

    user = User.objects.get(username="kiemtracs")
    case = Case.objects.get(title=GRASSROOTS_TITLE)
    assert (case.kind, case.status, case.unit.code, case.assignee) == (
        Kind.COMPLAINT,
        Status.VERIFYING,
        "CDCS-SYT",
        user,
    )
    assert Deadline.objects.filter(
        target_type="cases.case", target_id=str(case.pk), status=Deadline.Status.OPEN
    ).exists()
    assert case_actions(user=user, case=case)
    client = Client()
    client.force_login(user)
    assert GRASSROOTS_TITLE in client.get("/").content.decode()
    listed = client.get("/cases/").content.decode()
    assert GRASSROOTS_TITLE in listed and case.reference in listed
    assert TITLES[Kind.COMPLAINT]["verifying"] not in listed  # the sector's cases are not theirs
    assert client.get(f"/cases/{Case.objects.get(title=TITLES[Kind.COMPLAINT]['verifying']).pk}/").status_code == 404
    count = Case.objects.count()
    load_demo_cases()
    assert Case.objects.count() == count


def snapshot():
    return (Unit.objects.count(), User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count())


def test_load_demo_builds_the_thai_binh_tree_with_a_user_per_role_and_running_it_twice_changes_nothing(demo_cases):
    """The whole command over the module's organisation and cases (its first two loaders, which it runs
    first too), the other loaders running for the first time."""
    call_command("load_demo", stdout=io.StringIO())
    sector = Unit.objects.get(code="CDN-YT-TB")
    assert sector.parent.name == "Liên đoàn Lao động tỉnh Thái Bình"
    assert Unit.objects.filter(parent=sector, kind=Unit.Kind.GRASSROOTS).count() >= 20
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    _inspections_discipline_owed_on_the_handled_denunciation()
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first


def _inspections_discipline_owed_on_the_handled_denunciation() -> None:
    """The flag the handled denunciation's conclusion raised (Luật Tố cáo 2018 Đ.36 khoản 1 điểm b) taken by an
    inspection, whose body's ballot adopted khiển trách: that decision's publication is owed on the denunciation's
    case (Đ.40 khoản 1), and the inspection's page shows its row with the case's reference."""
    from casework.cases.services.publicity import discipline_publication_state
    from casework.inspections.models import Flag

    case = Case.objects.get(title=TITLES[Kind.DENUNCIATION]["handled"])
    flag = Flag.objects.get(source=Flag.Source.DENUNCIATION, source_id=str(case.pk))
    inspection = flag.inspection
    proceeding = inspection.disciplines.get()
    assert (proceeding.status, proceeding.outcome, proceeding.signed_by.username) == ("decided", "khien_trach", "btv")
    [state] = discipline_publication_state(case)
    assert state["discipline"] == proceeding and state["owed"] and state["due_on"] >= clock.today()
    client = Client()
    client.force_login(User.objects.get(username="chunhiem"))
    page = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert proceeding.decision_number in page and case.reference in page and "Khiển trách: 8" in page


def test_the_demo_disciplines_decided_by_secret_ballot_owe_and_record_their_publication(demo_cases):
    """Two concluded denunciations whose person denounced the sector's standing committee disciplined by secret
    ballot (QĐ 5130/QĐ-TLĐ), signed by btv on its behalf: the first decision's publication owed, its 07 working days
    running; the second's notice numbered in the sector's register and its posting recorded with its last day
    (Luật Tố cáo 2018 Đ.40 khoản 1; Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b). A second run adds neither."""
    from casework.cases.demo import DISCIPLINE_OWED_TITLE, DISCIPLINE_PUBLISHED_TITLE
    from casework.cases.models import DisciplineProceeding, DisciplinePublication
    from casework.cases.services.publicity import discipline_publication_state, disciplines_publication_owed

    owed = Case.objects.get(title=DISCIPLINE_OWED_TITLE)
    recorded = Case.objects.get(title=DISCIPLINE_PUBLISHED_TITLE)
    for case in (owed, recorded):
        assert (case.kind, case.status) == (Kind.DENUNCIATION, Status.HANDLED)
        proceeding = DisciplineProceeding.objects.get(case=case)
        assert (proceeding.status, proceeding.outcome, proceeding.signed_by.username) == ("decided", "canh_cao", "btv")
        assert (proceeding.members_total, proceeding.members_present) == (9, 8)
        assert proceeding.votes == {"canh_cao": 6, "khien_trach": 2} and proceeding.decision_number
    [state] = discipline_publication_state(owed)
    assert state["owed"] and state["record"] is None and state["due_on"] >= clock.today()
    assert [row for _step, row in disciplines_publication_owed(owed)] == [state["discipline"]]
    [state] = discipline_publication_state(recorded)
    record = state["record"]
    assert not state["owed"] and record.forms == ["posting"]
    assert record.posting_until == record.posting_from + dt.timedelta(days=14) and record.posting_days == 15
    notice = Paper.objects.get(
        target_type="cases.disciplineproceeding",
        target_id=str(state["discipline"].pk),
        template_version__template__key="discipline.publication",
    )
    assert notice.unit.code == "CDN-YT-TB" and notice.status == Paper.Status.ISSUED
    client = Client()
    client.force_login(User.objects.get(username="chunhiem"))
    page = client.get(f"/cases/{owed.pk}/").content.decode()
    assert "Cảnh cáo: 6; Khiển trách: 2" in page and "canh_cao: 6" not in page
    counts = (DisciplineProceeding.objects.count(), DisciplinePublication.objects.count(), Paper.objects.count())
    load_demo_cases()
    assert (
        DisciplineProceeding.objects.count(),
        DisciplinePublication.objects.count(),
        Paper.objects.count(),
    ) == counts


def test_a_demo_complaint_is_found_right_on_re_examination_and_decided_at_once(demo_cases):
    """Luật Khiếu nại 2011 Đ.29 khoản 1 điểm a: found right by the chair, proposed right straight from the
    assignment (no verification started or assigned), approved; the decision form starts from the reason."""
    from casework.cases.decision_parts import decision_draft
    from casework.cases.demo import FOUND_RIGHT_REASON, FOUND_RIGHT_TITLE
    from casework.cases.models import ComplaintFoundRight, Outcome, VerificationAssignment

    case = Case.objects.get(title=FOUND_RIGHT_TITLE)
    assert (case.status, case.outcome) == (Status.APPROVED, Outcome.FOUNDED)
    row = ComplaintFoundRight.objects.get(case=case)
    assert row.reason == FOUND_RIGHT_REASON and row.recorded_by.username == "chunhiem"
    assert not VerificationAssignment.objects.filter(case=case).exists()
    actions = list(audit_events_for(target_type="cases.case", target_id=case.pk).values_list("action", flat=True))
    assert "case.start_verification" not in actions
    assert actions.index("case.complaint_found_right") < actions.index("case.propose")
    proposed = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.propose")
    assert proposed.before["status"] == Status.ASSIGNED
    assert decision_draft(case)["verification_result"] == FOUND_RIGHT_REASON
    load_demo_cases()
    assert Case.objects.filter(title=FOUND_RIGHT_TITLE).count() == 1
