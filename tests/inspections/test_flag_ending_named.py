"""A leadership ending names what it rests on, so "ended by leadership" never hides a flag nobody
follows: merged names the flag or inspection it was merged into (one the leader may read, of the
flag's unit or above, never itself nor round a loop), referred names the authority and the referral
paper; the flag page, the coverage page and its workbook show it with the target's own state, and the
coverage proof fails when a hand edit drops the target, makes a loop, or a dissolved unit is active again."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casework.audit.models import AuditEvent
from casework.inspections import selectors
from casework.inspections import services as inspections
from casework.inspections.models import Flag
from casework.inspections.selectors import _ending_problem, coverage_report
from casework.org.services import unit_update
from core.errors import ValidationFailed
from tests.builders import api_client, open_ad_hoc, raise_flag
from workflows.models import Escalation
from workflows.services.escalations import escalation_decide

pytestmark = pytest.mark.django_db

REASON = "Cần lãnh đạo cho ý kiến."


def _escalated(cast, flag: Flag) -> Escalation:
    return inspections.flag_escalate(flag=flag, actor=cast.chair, reason=REASON)


def _merge(cast, escalation: Escalation, target: str) -> Escalation:
    return escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="approve",
        ground="merged",
        merged_into=target,
        reason="Cùng nội dung chi sai",
    )


def _unchanged(flag: Flag, escalation: Escalation, events: int) -> None:
    flag.refresh_from_db()
    escalation.refresh_from_db()
    assert (flag.status, flag.merged_into, escalation.status) == (Flag.Status.RAISED, None, Escalation.Status.PENDING)
    assert AuditEvent.objects.count() == events


def test_merged_into_a_flag_is_recorded_shown_with_its_bucket_and_proven(client, cast, frozen_clock):
    flag, target = raise_flag(cast), raise_flag(cast)
    escalation = _merge(cast, _escalated(cast, flag), target.reference.lower())
    flag.refresh_from_db()
    assert (flag.status, flag.end_ground, flag.merged_into_flag) == (Flag.Status.DECIDED, "merged", target)
    assert escalation.merged_into == target.reference.lower()
    event = AuditEvent.objects.filter(action="flag.decide", target_id=str(flag.pk)).get()
    assert event.after["merged_into"] == ["inspections.flag", str(target.pk)]
    shown = f"gộp vào {target.reference} (Đang xử lý, trong mọi thời hạn)"
    client.force_login(cast.chair)
    assert shown in client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    drill = client.get(reverse("inspections:coverage"), {"bucket": "ended_by_leadership"}).content.decode()
    assert shown in drill
    workbook = client.get(reverse("inspections:coverage_export", args=["xlsx"]), {"bucket": "ended_by_leadership"})
    sheet = load_workbook(io.BytesIO(workbook.content))["Dau hieu vi pham"]
    assert any(shown in str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert coverage_report(user=cast.chair)["proven"] is True


def test_merged_into_an_inspection_of_the_unit_or_above_only(cast, frozen_clock):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    clinic = inspections.inspection_open(
        unit=cast.sector, subject_unit=cast.clinic, actor=cast.inspector, flags=[raise_flag(cast, unit=cast.clinic)]
    )
    flag = raise_flag(cast)
    escalation = _escalated(cast, flag)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        _merge(cast, escalation, clinic.reference)
    assert "không bao gồm đơn vị của" in refused.value.fields["merged_into"][0]
    _unchanged(flag, escalation, events)
    _merge(cast, escalation, inspection.reference)
    flag.refresh_from_db()
    assert flag.merged_into_inspection == inspection
    ending = selectors.flag_endings([flag])[flag.pk]
    assert ending.text() == f"gộp vào {inspection.reference} ({inspection.get_status_display()})"


def test_merged_is_refused_without_a_target_on_itself_in_a_loop_or_out_of_scope(cast, frozen_clock):
    flag, other = raise_flag(cast), raise_flag(cast)
    hidden = raise_flag(cast, unit=cast.other_grassroots, actor=cast.province_leader)
    escalation = _escalated(cast, flag)
    events = AuditEvent.objects.count()
    refusals = {}
    for target in ("", "DH-99999", hidden.reference, flag.reference):
        with pytest.raises(ValidationFailed) as refused:
            _merge(cast, escalation, target)
        refusals[target] = refused.value.fields["merged_into"][0]
        _unchanged(flag, escalation, events)
    assert "phải ghi" in refusals[""]
    # Out of the leader's scope reads as one that does not exist.
    assert refusals[hidden.reference] == refusals["DH-99999"].replace("DH-99999", hidden.reference)
    assert "chính nó" in refusals[flag.reference]
    # `other` merged into `flag`; `flag` merged back into `other` is a loop, refused.
    _merge(cast, _escalated(cast, other), flag.reference)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as loop:
        _merge(cast, escalation, other.reference)
    assert "gộp vòng tròn" in loop.value.fields["merged_into"][0]
    _unchanged(flag, escalation, events)


def test_flag_decide_requires_the_merge_target_itself(cast, frozen_clock):
    flag = raise_flag(cast)
    with pytest.raises(ValidationFailed) as refused:
        inspections.flag_decide(
            flag=flag, escalation_id=0, decision="approve", ground="merged", actor=cast.leader, reason="Gộp"
        )
    assert set(refused.value.fields) == {"merged_into"}
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RAISED


def test_the_page_checks_the_target_before_the_confirmation_and_the_api_refuses_it(client, cast, frozen_clock):
    flag, target = raise_flag(cast), raise_flag(cast)
    escalation = _escalated(cast, flag)
    url = reverse("workflows:detail", args=[escalation.pk])
    client.force_login(cast.leader)
    page = client.get(url).content.decode()
    at = page.index('name="merged_into"')
    assert (
        'data-depends-on="ground" data-depends-values="merged"' in page[page.rindex("<", 0, at) : page.index(">", at)]
    )
    posted = {"decision": "approve", "ground": "merged", "reason": "Gộp", "version": escalation.version}
    events = AuditEvent.objects.count()
    bad = client.post(url, {**posted, "merged_into": "DH-99999"})
    assert bad.status_code == 400 and "data-confirmation" not in bad.content.decode()
    assert "không tìm thấy dấu hiệu vi phạm hoặc cuộc kiểm tra" in bad.content.decode()
    api = api_client(cast.leader)
    answer = api.post(f"/api/escalations/{escalation.pk}/decide/", {**posted, "merged_into": ""}, format="json")
    assert answer.status_code == 400 and "merged_into" in answer.json()["fields"]
    _unchanged(flag, escalation, events)
    asked = client.post(url, {**posted, "merged_into": target.reference})
    assert asked.status_code == 200 and target.reference in asked.content.decode()
    assert client.post(url, {**posted, "merged_into": target.reference, "confirmed": "1"}).status_code == 302
    flag.refresh_from_db()
    assert flag.merged_into_flag == target


def test_referred_names_the_authority_and_the_paper(client, cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _escalated(cast, flag)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        escalation_decide(escalation=escalation, actor=cast.leader, decision="approve", ground="referred", reason="x")
    assert set(refused.value.fields) == {"referred_body", "referral_ref"}
    answer = api_client(cast.leader).post(
        f"/api/escalations/{escalation.pk}/decide/",
        {
            "decision": "refer",
            "refer_to": "authorities",
            "referred_body": "Công an tỉnh",
            "reason": "Dấu hiệu tội phạm",
        },
        format="json",
    )
    assert answer.status_code == 400 and set(answer.json()["fields"]) == {"referral_ref"}
    _unchanged(flag, escalation, events)
    answer = api_client(cast.leader).post(
        f"/api/escalations/{escalation.pk}/decide/",
        {
            "decision": "refer",
            "refer_to": "authorities",
            "referred_body": "Công an tỉnh",
            "referral_ref": "45/CV-UBKT",
            "reason": "Dấu hiệu tội phạm",
        },
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["referral_ref"] == "45/CV-UBKT"
    flag.refresh_from_db()
    assert (flag.end_ground, flag.referred_to, flag.referral_ref) == ("referred", "Công an tỉnh", "45/CV-UBKT")
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert "chuyển Công an tỉnh, văn bản số 45/CV-UBKT" in page


def test_the_proof_fails_on_a_target_removed_by_hand_or_a_loop_not_on_an_ending_that_never_named_one(
    client, cast, frozen_clock
):
    flag, target = raise_flag(cast), raise_flag(cast)
    _merge(cast, _escalated(cast, flag), target.reference)
    assert coverage_report(user=cast.chair)["proven"] is True
    Flag.objects.filter(pk=flag.pk).update(merged_into_flag=None)
    report = coverage_report(user=cast.chair)
    assert report["proven"] is False
    assert [d["reference"] for d in report["disagreements"]] == [flag.reference]
    assert "không còn ghi nơi gộp vào" in report["disagreements"][0]["problem"]
    client.force_login(cast.chair)
    assert "gộp vào: không ghi" in client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    # A loop made by hand: the target merged back into the flag.
    Flag.objects.filter(pk=flag.pk).update(merged_into_flag=target)
    _merge(cast, _escalated(cast, target), raise_flag(cast).reference)
    Flag.objects.filter(pk=target.pk).update(merged_into_flag=flag)
    problems = {d["reference"]: d["problem"] for d in coverage_report(user=cast.chair)["disagreements"]}
    assert "gộp vòng tròn" in problems[flag.reference]
    # An ending whose event named no target (decided before endings named one) is read as it is.
    assert _ending_problem("merged", merged=None, recorded=None, merged_back=False, unit_active=True) is None


def test_a_dissolved_unit_made_active_again_fails_the_proof(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _escalated(cast, flag)
    unit_update(unit=cast.hospital, actor=cast.admin, changes={"is_active": False}, reason="QĐ giải thể 12/QĐ-LĐLĐ")
    escalation_decide(
        escalation=escalation, actor=cast.leader, decision="approve", ground="subject_dissolved", reason="Đã giải thể"
    )
    assert coverage_report(user=cast.chair)["proven"] is True
    unit_update(unit=cast.hospital, actor=cast.admin, changes={"is_active": True}, reason="Thành lập lại")
    report = coverage_report(user=cast.chair)
    assert report["proven"] is False
    assert report["disagreements"] == [{"reference": flag.reference, "problem": str(selectors.TRAIL_DISSOLVED_ACTIVE)}]
