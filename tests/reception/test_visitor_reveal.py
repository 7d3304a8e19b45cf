"""Reading who told a denunciation in person follows the case page's rule (Luật Tố cáo 2018 Đ.47
khoản 1, Đ.48 khoản 1): even to the book's keepers the visitor is sealed on the page, the print, the
workbook and the API until one of those who heard it states a reason; each reading is an audit event
(and the case's reveal, once the visit became one). An administrator, for being one, never reads it."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from casework.audit.models import AuditEvent
from casework.reception.selectors import SEALED, reception_book
from casework.reception.services import reception_entry_case_open, reception_visitor_reveal
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import make_visit

pytestmark = pytest.mark.django_db

NAME, CARD = "Trần Thị Bình", "034190001234"  # make_visit's visitor
REASON = "Đối chiếu với đơn tố cáo số 12/TC"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reveals(action: str = "reception.visitor_reveal") -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_the_keepers_read_a_sealed_visitor_on_every_edge_until_they_state_a_reason(cast, visit, api_as):
    leader = _client(cast.leader)  # a receiver of the session: a keeper who heard the visit
    page = leader.get(f"/reception/{visit.session_id}/")
    printed = leader.get(f"/reception/{visit.session_id}/print/")
    workbook = leader.get(f"/reception/{visit.session_id}/book.xlsx")
    api = api_as(cast.leader).get(f"/api/reception-sessions/{visit.session_id}/")
    for response in (page, printed, api):
        assert response.status_code == 200
        assert NAME not in response.content.decode() and CARD not in response.content.decode()
    cells = [str(c.value) for r in load_workbook(io.BytesIO(workbook.content)).active.iter_rows() for c in r]
    assert not any(NAME in c or CARD in c for c in cells) and str(SEALED) in cells
    assert str(SEALED) in page.content.decode() and 'id="visitor-reveal"' in page.content.decode()
    assert api.json()["entries"][0]["identity_sealed"] is True
    assert _reveals() == [] and _reveals("reception.export")[0].after["identities"] == 0


def test_a_reveal_needs_a_reason_and_each_is_audited(cast, visit):
    leader = _client(cast.leader)
    refused = leader.post(f"/reception/{visit.session_id}/reveal/", {"reason": "xem"})
    assert refused.status_code == 400 and NAME not in refused.content.decode() and _reveals() == []
    shown = leader.post(f"/reception/{visit.session_id}/reveal/", {"reason": REASON, "format": "html"})
    assert shown.status_code == 200 and shown["Cache-Control"] == "no-store"
    assert NAME in shown.content.decode() and CARD in shown.content.decode()
    assert 'id="visitor-revealed"' in shown.content.decode()
    [event] = _reveals()
    assert (event.actor, event.target_id, event.reason) == (cast.leader, str(visit.pk), REASON)
    assert NAME not in event.canonical
    # Revealed for that answer only: the next reading of the book is sealed again.
    assert NAME not in leader.get(f"/reception/{visit.session_id}/").content.decode()


def test_the_revealed_print_and_workbook_carry_the_visitor_and_count_it(cast, visit):
    intake = _client(cast.intake)  # the unit's intake officer keeps the book and heard its visits
    printed = intake.post(f"/reception/{visit.session_id}/reveal/", {"reason": REASON, "format": "print"})
    assert NAME in printed.content.decode() and printed["Cache-Control"] == "no-store"
    workbook = intake.post(f"/reception/{visit.session_id}/reveal/", {"reason": REASON, "format": "xlsx"})
    cells = [str(c.value) for r in load_workbook(io.BytesIO(workbook.content)).active.iter_rows() for c in r]
    assert any(c.startswith(f"{NAME}, ") for c in cells) and CARD in cells  # cột (3) "Họ tên, địa chỉ"
    assert len(_reveals()) == 2 and _reveals("reception.export")[0].after["identities"] == 1


@pytest.mark.parametrize("who", ["admin", "auditor"])
def test_who_did_not_hear_it_never_reads_it(cast, visit, api_as, who):
    """The administrator keeps the book by the administrators' pass but heard nobody; the auditor
    reads the book and keeps none of it."""
    user = getattr(cast, who)
    page = _client(user).post(f"/reception/{visit.session_id}/reveal/", {"reason": REASON})
    assert page.status_code == 403 and NAME not in page.content.decode()
    api = api_as(user).post(f"/api/reception-sessions/{visit.session_id}/reveal/", {"reason": REASON}, format="json")
    assert api.status_code == 409 and NAME not in api.content.decode()
    assert _reveals() == []
    [row] = reception_book(session=visit.session, user=user, revealed={visit.pk})
    assert NAME not in (row.full_name, row.id_number) and not row.sealed


def test_the_api_reveals_the_visits_asked_for(cast, visit, api_as):
    other = make_visit(cast, visit.session)
    leader = api_as(cast.leader)
    short = leader.post(f"/api/reception-sessions/{visit.session_id}/reveal/", {"reason": "?"}, format="json")
    assert short.status_code == 400 and _reveals() == []
    hostile = leader.post(
        f"/api/reception-sessions/{visit.session_id}/reveal/", {"reason": REASON, "entries": ["x"]}, format="json"
    )
    assert hostile.status_code == 400
    shown = leader.post(
        f"/api/reception-sessions/{visit.session_id}/reveal/",
        {"reason": REASON, "entries": [other.pk]},
        format="json",
    )
    assert shown.status_code == 200 and shown["Cache-Control"] == "no-store"
    names = {row["id"]: row["full_name"] for row in shown.json()}
    assert names == {visit.pk: str(SEALED), other.pk: NAME}
    assert [e.target_id for e in _reveals()] == [str(other.pk)]


def test_a_visit_that_became_a_denunciation_follows_the_cases_rule(cast, visit):
    case = reception_entry_case_open(entry=visit, actor=cast.intake, title="Tố cáo chi sai quỹ phúc lợi")
    # The intake officer checks the letter before acceptance (Luật Tố cáo 2018 Đ.24): they may read it.
    assert reception_visitor_reveal(session=visit.session, actor=cast.intake, reason=REASON) == {visit.pk}
    [event] = _reveals("case.identity_reveal")
    assert (event.actor, event.target_id) == (cast.intake, str(case.pk))
    assert _reveals()[0].after == {"case": case.reference}
    # A receiver who neither resolves nor decides the case heard the visit, but the case decides now.
    with pytest.raises(TransitionNotAllowed):
        reception_visitor_reveal(session=visit.session, actor=cast.leader, reason=REASON)
    with pytest.raises(ValidationFailed):
        reception_visitor_reveal(session=visit.session, actor=cast.intake, reason="  ")


def test_a_reason_naming_the_visitor_enters_the_trail_masked(cast, visit):
    """A keeper may type whom they mean: the trail keeps the reason with the visitor's name and ID
    number masked, on the visit's event and, once it became a case, on the case's (Đ.47 khoản 1)."""
    from casework.cases.identity import identity_decrypt
    from casework.cases.redaction import MASK

    typed = f"Đối chiếu lời bà {NAME}, CCCD 034 190 001 234, với đơn số 12/TC"
    reception_visitor_reveal(session=visit.session, actor=cast.leader, reason=typed)
    [event] = _reveals()
    assert event.reason == f"Đối chiếu lời bà {MASK}, CCCD {MASK}, với đơn số 12/TC"
    assert NAME not in event.canonical and "001 234" not in event.canonical

    case = reception_entry_case_open(entry=visit, actor=cast.intake, title="Tố cáo chi sai quỹ phúc lợi")
    reception_visitor_reveal(session=visit.session, actor=cast.intake, reason=f"{typed} ({CARD})")
    latest = _reveals()[-1]
    assert NAME not in latest.canonical and CARD not in latest.canonical and MASK in latest.reason
    [on_case] = _reveals("case.identity_reveal")
    assert NAME not in on_case.canonical and CARD not in on_case.canonical
    read = identity_decrypt(on_case.reason, case=case)  # under the case's key, and masked under it too
    assert NAME not in read and CARD not in read and "001 234" not in read and MASK in read
