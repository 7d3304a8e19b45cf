"""A subject-access request (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4 khoản 1 điểm d) is answered with the records that
hold the person's name together with one of the identifiers the request gives (a phone, an e-mail, an identity
paper's number): a record sharing only the name may be a namesake's, and handing it over would show a stranger's
identity, a denouncer's among them (Luật Tố cáo 2018 Đ.47 khoản 1), to the administrator and the requester."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.audit.models import AuditEvent
from casework.cases.identity import submitter_fingerprint
from casework.cases.models import Case, Kind
from casework.org.models import Role
from casework.privacy.services import NOTHING_FOUND, personal_data_export
from core.errors import ValidationFailed
from tests.builders import make_case, submitter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME = "Lê Văn Trùng"
FIRST_ID, SECOND_ID, THIRD_ID = "034190000111", "034190000222", "034190000333"


@pytest.fixture
def namesakes(cast, frozen_clock) -> dict[str, Case]:
    """Three people called NAME, none of whom gave a phone or an e-mail: two denounced, each with their own
    identity card sealed in the identity; the third came in person and their complaint holds the name only."""
    return {
        "first": make_case(
            cast, Kind.DENUNCIATION, submitters=[submitter(full_name=NAME, phone="", id_number=FIRST_ID)]
        ),
        "second": make_case(
            cast, Kind.DENUNCIATION, submitters=[submitter(full_name=NAME, phone="", id_number=SECOND_ID)]
        ),
        "name_only": make_case(cast, Kind.COMPLAINT, submitters=[submitter(full_name=NAME, phone="")]),
    }


@pytest.fixture
def intake_admin(cast):
    """An administrator who also holds the sector's intake role: the denunciations are still theirs to check,
    so their identities are theirs to read (Luật Tố cáo 2018 Đ.24)."""
    return UserFactory(username="intake_admin", roles=[(Role.ADMIN, cast.sector), (Role.INTAKE_OFFICER, cast.sector)])


def _references(actor, **identifiers) -> list[str]:
    data = personal_data_export(actor=actor, full_name=NAME, reason="Đơn yêu cầu 31/YC", **identifiers)
    return [c["reference"] for c in data["cases"]]


def test_namesakes_without_a_contact_share_the_fingerprint_of_the_name_alone(namesakes):
    """Why the fingerprint cannot answer an identity-card request: every letter without a contact has the
    name's fingerprint, whoever wrote it."""
    alone = submitter_fingerprint(full_name=NAME)
    assert {c.submitter_fingerprint for c in Case.objects.filter(pk__in=[c.pk for c in namesakes.values()])} == {alone}


def test_each_request_gets_only_the_case_holding_its_identity_card(namesakes, intake_admin):
    assert _references(intake_admin, id_number=FIRST_ID) == [namesakes["first"].reference]
    assert _references(intake_admin, id_number=SECOND_ID) == [namesakes["second"].reference]
    # The card in any spacing is the same card.
    assert _references(intake_admin, id_number="034 190 000 222") == [namesakes["second"].reference]
    # Only the card of the case read is revealed, recorded as the request's reading of that case.
    reveals = AuditEvent.objects.filter(action="case.identity_reveal").order_by("seq")
    assert [e.target_id for e in reveals] == [
        str(namesakes["first"].pk),
        str(namesakes["second"].pk),
        str(namesakes["second"].pk),
    ]


def test_a_case_holding_the_name_only_is_nobodys_and_the_answer_says_so(namesakes, intake_admin):
    data = personal_data_export(actor=intake_admin, full_name=NAME, id_number=THIRD_ID, reason="Đơn yêu cầu 32/YC")
    assert data["cases"] == [] and data["visits"] == [] and data["accounts"] == []
    assert data["nothing_found"] == str(NOTHING_FOUND)
    assert not AuditEvent.objects.filter(action="case.identity_reveal").exists()
    assert AuditEvent.objects.get(action="privacy.subject_access_export").after == {
        "cases": [],
        "visits": [],
        "accounts": [],
    }
    # A found answer carries no such line.
    assert (
        personal_data_export(actor=intake_admin, full_name=NAME, id_number=FIRST_ID, reason="Đơn 33/YC")[
            "nothing_found"
        ]
        == ""
    )


def test_a_name_alone_is_refused_and_reads_nothing(namesakes, intake_admin):
    for blank in ({}, {"phone": "  "}, {"phone": "không có"}, {"id_number": "   "}):
        with pytest.raises(ValidationFailed) as err:
            personal_data_export(actor=intake_admin, full_name=NAME, reason="Đơn yêu cầu 34/YC", **blank)
        assert set(err.value.fields) == {"phone"}
    assert not AuditEvent.objects.filter(action__in=["privacy.subject_access_export", "case.identity_reveal"]).exists()


def test_a_name_with_someone_elses_phone_matches_nothing(namesakes, intake_admin):
    assert _references(intake_admin, phone="0900000009") == []


def test_the_page_says_when_nothing_matches_beyond_the_name(namesakes, intake_admin):
    client = Client()
    client.force_login(intake_admin)
    form = {"full_name": NAME, "id_number": THIRD_ID, "reason": "Đơn yêu cầu 35/YC", "confirm": "on"}
    page = client.post("/privacy/subject-access/", form).content.decode()
    assert 'id="nothing-found"' in page and namesakes["name_only"].reference not in page
    form["id_number"] = FIRST_ID
    page = client.post("/privacy/subject-access/", form).content.decode()
    assert 'id="nothing-found"' not in page and namesakes["first"].reference in page


def test_a_letter_is_found_by_either_of_its_contacts_and_shows_only_the_requesters_row(cast, frozen_clock):
    """The fingerprint of a letter with both contacts is made with the phone: the e-mail alone still finds it,
    by the sender's row; a co-sender's particulars are theirs, not the requester's."""
    case = make_case(
        cast,
        Kind.COMPLAINT,
        submitters=[
            submitter(full_name=NAME, phone="0912 000 111", email="trung@example.vn", is_representative=True),
            submitter(full_name="Phạm Thị Cùng", phone="0912000222"),
        ],
    )
    for identifiers in ({"email": "Trung@Example.vn"}, {"phone": "0912000111"}, {"phone": "0912 000 111"}):
        data = personal_data_export(actor=cast.admin, full_name=NAME, reason="Đơn yêu cầu 36/YC", **identifiers)
        assert [c["reference"] for c in data["cases"]] == [case.reference]
        assert [p["full_name"] for p in data["cases"][0]["as_sender"]] == [NAME]
    # The co-sender's phone with the requester's name is not the requester.
    assert _references(cast.admin, phone="0912000222") == []


def _usernames(actor, **identifiers) -> list[str]:
    data = personal_data_export(actor=actor, full_name=NAME, reason="Đơn yêu cầu 37/YC", **identifiers)
    return [a["username"] for a in data["accounts"]]


def test_an_account_is_the_persons_only_with_the_name_and_a_phone_in_either_form(cast, frozen_clock):
    """An account holds the person's data when it carries their name with the e-mail or the phone the request
    gives: a namesake's account, or an account of someone else with that e-mail or phone (a relative's, the
    number's former holder), is not the requester's. The phone is one number in its national or international
    form, whatever its separators."""
    own = UserFactory(username="trung", full_name=NAME, email="trung@example.vn", phone="+84 912 000 333")
    UserFactory(username="relative", full_name="Lê Thị Khác", email="trung@example.vn", phone="0912000333")
    UserFactory(username="namesake", full_name=NAME, email="khac@example.vn", phone="0912000444")
    assert _usernames(cast.admin, email="Trung@Example.vn") == [own.username]
    for phone in ("0912000333", "0912.000.333", "+84912000333", "84 912 000 333", "0084 912 000 333"):
        assert _usernames(cast.admin, phone=phone) == [own.username], phone
    # Neither the relative's nor the namesake's account is in the audit record of the export.
    assert AuditEvent.objects.filter(action="privacy.subject_access_export").order_by("seq").first().after[
        "accounts"
    ] == ["trung"]
    assert _usernames(cast.admin, phone="0912000555") == []


def test_a_letter_is_found_by_its_phone_in_either_form(cast, frozen_clock):
    """A letter whose sender gave "+84 …" is found by "0…" and the other way round, for its representative (by
    the fingerprint, which takes the phone in its national form) and for a co-sender (by the phone) alike."""
    international = make_case(
        cast, Kind.COMPLAINT, submitters=[submitter(full_name=NAME, phone="+84 912 000 111", email="")]
    )
    national = make_case(
        cast,
        Kind.PETITION,
        submitters=[
            submitter(full_name="Phạm Thị Cùng", phone="0912000222", is_representative=True),
            submitter(full_name=NAME, phone="0912-000-666"),
        ],
    )
    assert _references(cast.admin, phone="0912 000 111") == [international.reference]
    assert _references(cast.admin, phone="(+84) 912 000 666") == [national.reference]
    assert _references(cast.admin, phone="0912000222") == []
