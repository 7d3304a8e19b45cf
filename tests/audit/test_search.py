import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from casework.audit.models import AuditEvent
from casework.audit.selectors import AuditSearchFilters, audit_event_search
from casework.audit.services import audit_record_standalone
from core import clock
from core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    """Labels and messages read in Vietnamese, whatever language an earlier test left active."""
    with translation.override("vi"):
        yield


@pytest.fixture
def events(cast, frozen_clock):
    def record(actor, action, unit, target_id):
        return audit_record_standalone(actor=actor, action=action, target=("cases.case", target_id), unit=unit)

    made = {
        "h_accept": record(cast.officer, "case.accept", cast.hospital, 1),
        "c_close": record(cast.officer2, "case.close", cast.clinic, 2),
    }
    clock.advance(dt.timedelta(days=3))
    made["h_flag"] = record(cast.inspector, "flag.raise", cast.hospital, 3)
    made["e_accept"] = record(cast.other_officer, "case.accept", cast.other_grassroots, 4)
    return made


def search(user, **filters):
    return list(audit_event_search(user=user, filters=AuditSearchFilters(**filters)).values_list("seq", flat=True))


def test_an_auditor_of_the_sector_never_sees_another_sectors_events(cast, events):
    seen = search(cast.auditor)
    assert events["h_accept"].seq in seen and events["c_close"].seq in seen
    assert events["e_accept"].seq not in seen
    assert search(cast.auditor, action="case.accept") == [events["h_accept"].seq]


def test_filters_narrow_the_results(cast, events):
    assert search(cast.auditor, actor="officer2") == [events["c_close"].seq]
    assert search(cast.auditor, unit="C", action="case.") == [events["c_close"].seq]
    assert set(search(cast.auditor, unit="S")) >= {events["h_accept"].seq, events["c_close"].seq, events["h_flag"].seq}
    assert search(cast.auditor, action="flag.") == [events["h_flag"].seq]
    assert search(cast.auditor, target_type="cases.case", target_id="2") == [events["c_close"].seq]
    assert search(cast.auditor, action="case.", date_from="05/03/2026") == []
    assert search(cast.auditor, action="flag.", date_from="2026-03-05", date_to="05/03/2026") == [events["h_flag"].seq]
    assert search(cast.auditor, action="case.", date_to="02/03/2026") == [events["c_close"].seq, events["h_accept"].seq]


def test_the_unit_filter_reads_a_whole_name_typed_without_accents(cast, events):
    in_clinic = [events["c_close"].seq]
    assert search(cast.auditor, unit="CĐCS Phòng khám", action="case.") == in_clinic
    assert search(cast.auditor, unit="cdcs phong kham", action="case.") == in_clinic
    assert search(cast.auditor, unit="CDCS PHONG KHAM", action="case.") == in_clinic
    with pytest.raises(ValidationFailed) as caught:
        search(cast.auditor, unit="cong doan nganh giao duc")
    assert "Đơn vị" in caught.value.fields["unit"][0], "another sector, named without accents, stays out of scope"


def test_bad_filters_name_the_field(cast, events):
    with pytest.raises(ValidationFailed) as caught:
        search(cast.auditor, date_from="31/02/2026", unit="E", date_to="x")
    assert set(caught.value.fields) == {"date_from", "unit", "date_to"}
    assert "Từ ngày" in caught.value.fields["date_from"][0]
    assert "Đơn vị" in caught.value.fields["unit"][0], "a unit out of scope is refused like an unknown one"
    with pytest.raises(ValidationFailed) as caught:
        search(cast.auditor, date_from="10/03/2026", date_to="01/03/2026")
    assert "date_to" in caught.value.fields


def test_the_page_filters_and_paginates(cast, client, events):
    client.force_login(cast.auditor)
    response = client.get(reverse("audit:search"), {"action": "case.accept"})
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [events["h_accept"]]
    response = client.get(reverse("audit:search"), {"date_from": "hôm qua"})
    assert response.status_code == 400
    assert "Từ ngày" in response.content.decode()


def test_the_page_paginates(cast, client, events):
    for i in range(55):
        audit_record_standalone(
            actor=cast.officer, action="case.note", target=("cases.case", 100 + i), unit=cast.hospital
        )
    client.force_login(cast.auditor)
    first = client.get(reverse("audit:search"), {"action": "case.note"})
    second = client.get(reverse("audit:search"), {"action": "case.note", "page": 2})
    assert len(first.context["page_obj"]) == 50 and len(second.context["page_obj"]) == 5
    assert "action=case.note" in first.content.decode()


def test_only_auditors_and_admins_may_search(cast, client, events):
    client.force_login(cast.officer)
    assert client.get(reverse("audit:search")).status_code == 403
    client.force_login(cast.admin)
    assert client.get(reverse("audit:search")).status_code == 200


def test_iso_instants_bound_exactly(cast, events):
    # frozen clock: h_accept at 02/03/2026 09:00 local; h_flag three days later.
    assert search(cast.auditor, action="case.accept", date_from="2026-03-02T09:00", date_to="2026-03-02T09:00") == [
        events["h_accept"].seq
    ]
    assert search(cast.auditor, action="case.accept", date_from="2026-03-02T09:01") == []
    assert search(cast.auditor, action="flag.", date_to="2026-03-05T08:59:59+07:00") == []


def test_events_are_found_by_reference_name_and_action_label(cast, make_case, frozen_clock):
    from casework.cases.models import Kind

    case = make_case(kind=Kind.DENUNCIATION)
    other = make_case()
    reveal = audit_record_standalone(
        actor=cast.chair, action="case.identity_reveal", target=case, unit=case.unit, reason="Cần xác minh"
    )
    by_reference = search(cast.auditor, target=case.reference)
    assert by_reference and reveal.seq in by_reference
    assert all(e.target_id == str(case.pk) for e in AuditEvent.objects.filter(seq__in=by_reference))
    assert not set(by_reference) & set(search(cast.auditor, target=other.reference))
    assert search(cast.auditor, action="Xem danh tính") == [reveal.seq]
    assert search(cast.auditor, action="xem danh tính", actor=cast.chair.full_name) == [reveal.seq]
    assert search(cast.auditor, target="TC-0000-99999") == [], "an unknown reference finds nothing"


def test_the_action_label_is_matched_as_the_reader_reads_it(cast, make_case, frozen_clock, client):
    """The search finds the events whose action column shows what was typed, in the reader's language:
    a Vietnamese reader by the Vietnamese label, an English reader by the English one."""
    from casework.cases.models import Kind

    case = make_case(kind=Kind.DENUNCIATION)
    reveal = audit_record_standalone(
        actor=cast.chair, action="case.identity_reveal", target=case, unit=case.unit, reason="Cần xác minh"
    )
    assert search(cast.auditor, action="danh tính người tố cáo") == [reveal.seq]
    assert search(cast.auditor, action="denouncer's identity") == []
    with translation.override("en"):
        assert search(cast.auditor, action="VIEW the denouncer's identity") == [reveal.seq]
        assert search(cast.auditor, action="danh tính người tố cáo") == [], "a label the English page never shows"
        assert search(cast.auditor, action="case.identity_") == [reveal.seq], "the code matches in any language"
    client.force_login(cast.auditor)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("audit:search"), {"action": "denouncer's identity"})
    assert list(response.context["page_obj"]) == [reveal]
    assert "View the denouncer&#x27;s identity" in response.content.decode()


def test_a_recused_auditor_finds_nothing_by_the_cases_reference(cast, make_case, frozen_clock):
    from casework.cases.models import Kind

    case = make_case(kind=Kind.DENUNCIATION, subject_user=cast.auditor)
    assert search(cast.auditor, target=case.reference) == []
    assert search(cast.admin, target=case.reference), "an administrator not recused finds them"


def test_hostile_object_text_finds_nothing_and_never_fails(cast, events):
    for text in ["DH-99999999999999999999999", "cases.case:99999999999999999999", "' OR 1=1 --", "²", "x" * 200]:
        assert search(cast.auditor, target=text) == [], text


def test_a_persons_name_typed_without_accents_finds_their_events_and_the_objects_named_after_them(cast, events):
    cast.officer2.full_name = "Nguyễn Thị Đào"
    cast.officer2.save()
    assert search(cast.auditor, actor="nguyen thi dao") == [events["c_close"].seq]
    assert search(cast.auditor, actor="NGUYỄN THỊ ĐÀO") == [events["c_close"].seq]
    named = audit_record_standalone(actor=cast.admin, action="user.update", target=cast.officer2, unit=cast.sector)
    assert named.seq in search(cast.auditor, target="nguyen thi dao")
    # Out of the auditor's sector: the name finds nothing, accents or not.
    cast.other_officer.full_name = "Nguyễn Thị Đào"
    cast.other_officer.save()
    assert events["e_accept"].seq not in search(cast.auditor, actor="nguyen thi dao")


def targets(user, **filters):
    seqs = search(user, **filters)
    return {(e.target_type, e.target_id) for e in AuditEvent.objects.filter(seq__in=seqs)}


def test_a_units_name_typed_without_accents_finds_the_events_about_it_within_the_readers_scope(cast, events):
    about_sector = audit_record_standalone(actor=cast.admin, action="unit.update", target=cast.sector, unit=cast.sector)
    sector = {("org.unit", str(cast.sector.pk))}
    for typed in ["cong doan nganh y te", "CÔNG ĐOÀN NGÀNH Y TẾ", "Cong Doan Nganh Y Te", "công đoàn ngành y tế"]:
        assert about_sector.seq in search(cast.auditor, target=typed), typed
        assert targets(cast.auditor, target=typed) == sector, typed
    assert targets(cast.auditor, target="Cong doan nganh y") == sector, "part of the name"
    # Another sector's unit, named the way the reader types: the lookup never names it to this reader, and
    # its events stay out of the reader's reach.
    about_other = audit_record_standalone(
        actor=cast.admin, action="unit.update", target=cast.other_sector, unit=cast.other_sector
    )
    assert search(cast.auditor, target="cong doan nganh giao duc") == []
    assert targets(cast.auditor, target="cong doan nganh") == sector
    assert about_other.seq in search(cast.admin, target="cong doan nganh giao duc"), "in an administrator's scope"


def test_a_renamed_unit_is_found_by_its_new_name_folded(cast, events):
    from casework.org.services import unit_update

    assert search(cast.auditor, target="cdcs benh vien da khoa") == []
    unit_update(unit=cast.hospital, actor=cast.admin, changes={"name": "CĐCS Bệnh viện Đa khoa"})
    assert targets(cast.auditor, target="cdcs benh vien da khoa") == {("org.unit", str(cast.hospital.pk))}
    assert targets(cast.auditor, target="CĐCS BỆNH VIỆN ĐA KHOA") == {("org.unit", str(cast.hospital.pk))}
