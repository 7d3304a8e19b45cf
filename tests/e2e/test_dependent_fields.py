"""Fields a decision needs only for some answers appear when that answer is chosen (web/depends.js);
the page works without the script, where every field shows and the server says what is missing."""

from __future__ import annotations

import pytest

from casework.cases import services as svc
from casework.cases.models import Kind, Outcome, Status
from tests.builders import DECISION_PARTS, accepted, dialogued


def _approved(cast):
    case = accepted(cast, kind=Kind.COMPLAINT)
    case = svc.case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = svc.case_start_verification(case=case, actor=cast.officer)
    case = dialogued(case, cast.officer)
    # The officer drafts the decision's parts: the decision form starts from them, so only the outcome is chosen.
    case = svc.case_propose(
        case=case,
        actor=cast.officer,
        proposal="Đúng một phần.",
        outcome=Outcome.PARTLY,
        **{**DECISION_PARTS, "decision_text": "Khiếu nại đúng một phần."},
    )
    return svc.case_approve(case=case, actor=cast.leader)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_reason_to_depart_from_the_proposal_shows_only_when_departing(cast, open_session, frozen_clock):
    case = _approved(cast)
    officer = open_session(cast.officer)
    page = officer.page
    with officer.step("open the decision, change the outcome, then change it back"):
        page.goto(f"/cases/{case.pk}/")
        panel = page.locator("details").filter(has=page.locator("summary", has_text="Ban hành quyết định")).first
        panel.locator("summary").click()
        form = panel.locator("form")
        reason = form.locator("[name=deviation_reason]")
        assert form.locator("[name=outcome]").input_value() == "partly"  # from the approved proposal
        assert not reason.is_visible()
        form.locator("[name=outcome]").select_option("unfounded")
        assert reason.is_visible()
        form.locator("[name=outcome]").select_option("partly")
        assert not reason.is_visible()
    with officer.step("depart without a reason: the server refuses before any confirmation"):
        form.locator("[name=outcome]").select_option("founded")
        with page.expect_navigation():
            form.get_by_role("button", name="Ban hành quyết định giải quyết").click()
        assert page.locator("[data-confirmation]").count() == 0
        assert "phải nêu lý do" in page.content()
    case.refresh_from_db()
    assert case.status == Status.APPROVED


@pytest.mark.django_db
def test_without_the_script_every_field_shows(cast, client, frozen_clock):
    case = _approved(cast)
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    field = page.index('name="deviation_reason"')
    box = page[page.rindex("<div", 0, field) : field]
    assert "hidden" not in box and "display:none" not in box.replace(" ", "")  # only the script hides it


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_leaders_decision_shows_only_its_own_fields(cast, open_session, frozen_clock):
    from tests.builders import raise_flag
    from workflows.services.escalations import escalation_open

    flag = raise_flag(cast)
    escalation = escalation_open(
        target=("inspections.flag", str(flag.pk)), unit=flag.unit, reason="Cần chỉ đạo", actor=cast.chair
    )
    leader = open_session(cast.leader)
    page = leader.page
    with leader.step("open the decision: no decision chosen, no decision's fields"):
        page.goto(f"/escalations/{escalation.pk}/")
        form = page.locator("main form").filter(has=page.get_by_role("button", name="Ghi quyết định"))
        fields = {
            name: form.locator(f"[name={name}]")
            for name in ("new_due_on", "refer_to", "referred_body", "ground", "merged_into", "referral_ref")
        }
        assert not any(field.is_visible() for field in fields.values())
        assert form.locator("[name=reason]").is_visible()
    with leader.step("approve: the ground to end on shows"):
        form.locator("input[name=decision][value=approve]").check()
        assert [name for name, field in fields.items() if field.is_visible()] == ["ground"]
    with leader.step("merged: what it was merged into; referred: the authority and the paper"):
        fields["ground"].select_option("merged")
        assert [name for name, field in fields.items() if field.is_visible()] == ["ground", "merged_into"]
        fields["ground"].select_option("referred")
        shown = [name for name, field in fields.items() if field.is_visible()]
        assert shown == ["referred_body", "ground", "referral_ref"]
        fields["ground"].select_option("")
    with leader.step("refer: where to, then the authority's name when it is an authority"):
        form.locator("input[name=decision][value=refer]").check()
        assert [name for name, field in fields.items() if field.is_visible()] == ["refer_to"]
        fields["refer_to"].select_option("authorities")
        shown = [name for name, field in fields.items() if field.is_visible()]
        assert shown == ["refer_to", "referred_body", "referral_ref"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_commune_committee_shows_only_on_the_grounds_that_send_the_decision_there(cast, open_session, frozen_clock):
    """Nghị định 124/2020/NĐ-CP Đ.28b khoản 1: terminated because the complainant died with no heir, the
    decision goes to the commune's People's Committee, named on the form; refused without it."""
    case = accepted(cast, kind=Kind.COMPLAINT)
    leader = open_session(cast.leader)
    page = leader.page
    with leader.step("choose the ground: the committee field shows for no_heir only"):
        page.goto(f"/cases/{case.pk}/")
        panel = page.locator("details").filter(has=page.locator("summary", has_text="Đình chỉ giải quyết")).first
        panel.locator("summary").click()
        form = panel.locator("form")
        committee = form.locator("[name=commune_committee]")
        assert not committee.is_visible()
        form.locator("[name=ground]").select_option("no_heir")
        assert committee.is_visible()
        form.locator("[name=ground]").select_option("court")
        assert not committee.is_visible()
    with leader.step("no_heir without the committee: refused before any confirmation"):
        form.locator("[name=ground]").select_option("no_heir")
        with page.expect_navigation():
            form.get_by_role("button", name="Đình chỉ giải quyết").click()
        assert page.locator("[data-confirmation]").count() == 0
        assert "Đ.28b khoản 1" in page.content()
    with leader.step("name it, confirm: the case shows it"):
        form = page.locator("details[open] form").first
        form.locator("[name=ground]").select_option("no_heir")
        form.locator("[name=commune_committee]").fill("Ủy ban nhân dân xã Vũ Hội")
        with page.expect_navigation():
            form.get_by_role("button", name="Đình chỉ giải quyết").click()
        with page.expect_navigation():
            page.locator("form[data-confirmation] button[type=submit]").click()
        assert page.locator("#termination-commune-committee").inner_text() == "Ủy ban nhân dân xã Vũ Hội"
    case.refresh_from_db()
    assert (case.status, case.termination_commune_committee) == (Status.TERMINATED, "Ủy ban nhân dân xã Vũ Hội")


COMPLAINT_ONLY = ("representative_name", "representative_capacity", "knew_on", "obstacle_days", "obstacle_note")
DENUNCIATION_ONLY = ("anonymous", "evidence")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_new_letter_shows_only_the_fields_of_its_kind(cast, open_session, frozen_clock):
    intake = open_session(cast.intake)
    page = intake.page
    with intake.step("open the new letter: a complaint by default, its fields only"):
        page.goto("/cases/new/")
        form = page.locator("form.card")

        def shown() -> set[str]:
            return {n for n in (*COMPLAINT_ONLY, *DENUNCIATION_ONLY) if form.locator(f"[name={n}]").is_visible()}

        assert form.locator("[name=kind]").input_value() == "complaint"
        assert shown() == set(COMPLAINT_ONLY)
    with intake.step("a denunciation: the sender left unknown and the evidence, no representative"):
        form.locator("[name=kind]").select_option("denunciation")
        assert shown() == set(DENUNCIATION_ONLY)
    with intake.step("a petition: neither"):
        form.locator("[name=kind]").select_option("petition")
        assert shown() == set()
        assert form.locator("[name=title]").is_visible() and form.locator("[name=full_name]").is_visible()


@pytest.mark.django_db
def test_without_the_script_a_new_letter_shows_every_kinds_fields(cast, client):
    client.force_login(cast.intake)
    page = client.get("/cases/new/").content.decode()
    for names, kind in ((COMPLAINT_ONLY, "complaint"), (DENUNCIATION_ONLY, "denunciation")):
        for name in names:
            tag = page[
                page.rindex("<", 0, page.index(f'name="{name}"')) : page.index(">", page.index(f'name="{name}"'))
            ]
            assert f'data-depends-on="kind" data-depends-values="{kind}"' in tag, (name, tag)
            box = page[page.rindex("<div", 0, page.index(f'name="{name}"')) : page.index(f'name="{name}"')]
            assert "hidden" not in box, name  # only the script hides it
    # The fields every letter has carry no condition.
    for name in ("title", "content", "full_name", "subject_unit"):
        at = page.index(f'name="{name}"')
        assert "data-depends-on" not in page[page.rindex("<", 0, at) : page.index(">", at)], name
