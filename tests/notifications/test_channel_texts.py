"""Every kind of notification has its own short SMS/Zalo text: the event, a reference, a link;
never the personal data of a denouncer or a complainant."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import pytest

from casework.inspections.services import flag_raise
from core import clock
from notifications.channels import SMS, ZALO
from notifications.models import OutboxMessage
from notifications.services import user_set_channel
from notifications.texts import GENERIC, TEXTS, channel_phrase, channel_text, event_of
from tests.builders import conclude, make_case, open_ad_hoc, recommend

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEY = re.compile(r'key=f"(?P<kind>[a-z][a-z-]*):\{[^}]*\}(?:\{[^}]*\})?(?::(?P<event>[a-z_]+))?')
# Keys of messages that go only by e-mail to an address typed by the public, never by SMS/Zalo.
EMAIL_ONLY = {"public-receipt"}
PERSONAL = ["Nguyễn Văn Gửi", "0912345678", "Trần Thị Bị", "Lê Thị Tố", "0988777666", "quỹ phúc lợi", "Thái Bình"]


def notification_keys() -> set[tuple[str, str]]:
    """(kind, event) of every notification the code sends (the keys given to notify)."""
    found = set()
    for folder in ("casework", "workflows", "notifications"):
        for path in (ROOT / folder).rglob("*.py"):
            source = path.read_text()
            if "notify(" not in source and "_notify_leaders(" not in source:
                continue
            found |= {(m["kind"], m["event"] or "") for m in KEY.finditer(source) if m["kind"] not in EMAIL_ONLY}
    return found


def test_every_kind_of_notification_the_code_sends_has_its_own_text():
    keys = notification_keys()
    kinds = {kind for kind, _event in keys}
    assert {"inspection", "flag", "recommendation", "plan", "report", "deadline", "escalation", "absence"} <= kinds
    assert "audit-chain-broken" in kinds and "case" in kinds
    for kind, event in keys:
        phrase = channel_phrase(key=f"{kind}:1:{event}:2", reference="REF-1")
        assert phrase != GENERIC, (kind, event)
        if event and (kind, event) not in TEXTS:
            pytest.fail(f"notification {kind}:{event} falls back to its kind's default text; give it its own")


@pytest.mark.parametrize(("kind", "event"), sorted(TEXTS))
def test_each_text_is_short_specific_and_carries_the_reference_and_the_link(kind, event, settings):
    key = f"{kind}:7:{event}:3" if event else f"{kind}:7"
    for channel in (SMS, ZALO):
        text = channel_text(channel=channel, key=key, reference="KT-00007", url="/inspections/7/")
        assert text.startswith("UBKT: ") and text.endswith(f"Xem: {settings.SITE_URL}/inspections/7/")
        assert len(text) <= 160, text
        if "{ref}" in TEXTS[(kind, event)]:
            assert "KT-00007" in text
        if channel == SMS:
            assert text.isascii(), text
    assert event_of(key) == (kind, event)
    # Each event reads differently from the others of its kind.
    same_kind = [template for (k, _e), template in TEXTS.items() if k == kind]
    assert len(same_kind) == len(set(same_kind))


def test_an_event_with_a_reference_missing_falls_back_to_the_generic_text_not_a_gap():
    assert channel_phrase(key="inspection:1:decide", reference="") == GENERIC
    assert channel_phrase(key="unknown:1:x", reference="R") == GENERIC
    assert "làm thay" in channel_phrase(key="absence:3:substitute:9", reference="")


def test_messages_queued_by_real_events_are_specific_and_name_nobody(cast, frozen_clock, settings):
    settings.SMS_API_URL = "http://127.0.0.1:9/sms"
    settings.ZALO_OA_API_URL = "http://127.0.0.1:9/zalo"
    settings.SMS_API_TOKEN = settings.ZALO_OA_ACCESS_TOKEN = "test-token"  # queued only; nothing is sent here
    people = [cast.intake, cast.officer, cast.inspector, cast.inspector2, cast.chair, cast.leader]
    for n, person in enumerate(people):
        user_set_channel(user=person, channel=SMS, address=f"09123400{n:02d}", enabled=True)
        user_set_channel(user=person, channel=ZALO, address=f"55{n}", enabled=True)
    # A complaint and a denunciation with people's names in them, and the flag raised from them.
    make_case(cast)
    make_case(cast, kind="denunciation", subject_person="Lê Thị Tố")
    flag = flag_raise(
        subject_area="khac",
        unit=cast.hospital, category="finance_spending", severity="high",
        evidence="Đơn của Nguyễn Văn Gửi (0912345678): chi sai quỹ phúc lợi", source="manual", actor=cast.inspector,
    )  # fmt: skip
    inspection = conclude(cast, open_ad_hoc(cast, [flag]))
    recommend(cast, inspection)
    from workflows.services.absences import absence_record

    absence_record(
        actor=cast.chair, user=cast.inspector, starts_on=clock.today(), ends_on=clock.today() + dt.timedelta(days=3),
        reason="Nghỉ ốm", substitute=cast.inspector2,
    )  # fmt: skip

    messages = OutboxMessage.objects.filter(channel__in=[SMS, ZALO])
    kinds = {event_of(m.key.rsplit(":", 2)[0]) for m in messages}
    assert {
        ("inspection", "decide"),
        ("inspection", "acknowledge"),
        ("absence", "substitute"),
        ("case", "intake"),
    } <= kinds
    for message in messages:
        assert str(GENERIC) not in message.body, message.key
        assert "Xem: " in message.body
        for value in PERSONAL:
            assert value not in message.body and value not in message.subject, (message.key, value)
    decided = messages.filter(key__startswith=f"inspection:{inspection.pk}:decide", channel=ZALO).first()
    assert decided is not None and f"Đã ký quyết định kiểm tra {inspection.reference}" in decided.body
