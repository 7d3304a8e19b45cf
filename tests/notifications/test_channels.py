"""SMS and Zalo OA beside e-mail: each person's choice, fan-out, provider failures, idempotent retries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from casework.cases.models import Kind
from core import clock
from core.errors import ApplicationError, ValidationFailed
from notifications.delivery import outbox_deliver_due
from notifications.models import ChannelChoice, OutboxMessage
from notifications.services import notify, user_set_channel, user_set_email_notifications
from tests.builders import expertise_requested, make_case, submitter
from tests.notifications import fake_provider as fake

pytestmark = pytest.mark.django_db


def by_channel() -> dict[str, list[OutboxMessage]]:
    out: dict[str, list[OutboxMessage]] = {}
    for message in OutboxMessage.objects.order_by("pk"):
        out.setdefault(message.channel, []).append(message)
    return out


def test_each_person_gets_the_channels_they_chose(cast, frozen_clock, sms_provider, zalo_provider):
    user_set_channel(user=cast.officer, channel="sms", address="0912 345 678", enabled=True)
    user_set_channel(user=cast.chair, channel="zalo", address="4455667788", enabled=True)
    user_set_email_notifications(user=cast.chair, enabled=False)
    cast.chair.refresh_from_db()
    notify(
        users=[cast.officer, cast.chair, cast.leader],
        title="T",
        url="/cases/7/",
        key="case:7:accept:1",
        reference="KN-2026-00007",
    )
    queued = by_channel()
    assert sorted(m.recipient for m in queued["email"]) == sorted([cast.officer.email, cast.leader.email])
    assert [(m.recipient, m.user_id) for m in queued["sms"]] == [("84912345678", cast.officer.pk)]
    assert [(m.recipient, m.user_id) for m in queued["zalo"]] == [("4455667788", cast.chair.pk)]

    assert outbox_deliver_due() == 4
    assert sms_provider.texts() == ["UBKT: Ho so KN-2026-00007 co cap nhat moi. Xem: http://localhost:8000/cases/7/"]
    assert zalo_provider.texts() == ["UBKT: Hồ sơ KN-2026-00007 có cập nhật mới. Xem: http://localhost:8000/cases/7/"]
    assert sms_provider.requests[0]["headers"]["Authorization"] == "Bearer sms-test-token"
    assert zalo_provider.requests[0]["payload"]["recipient"] == {"user_id": "4455667788"}
    assert len(mail.outbox) == 2


def test_no_channel_is_queued_when_its_provider_is_not_configured(cast, frozen_clock, settings):
    settings.SMS_API_URL = ""
    ChannelChoice.objects.create(user=cast.officer, channel="sms", address="84912345678", updated_at=clock.now())
    notify(users=[cast.officer], title="T", key="ev:2")
    assert list(OutboxMessage.objects.values_list("channel", flat=True)) == ["email"]


def test_only_officers_and_leaders_choose_channels(cast, sms_provider):
    for person in (cast.outsider, cast.subject_rep):
        with pytest.raises(ApplicationError):
            user_set_channel(user=person, channel="sms", address="0912345678", enabled=True)
    user_set_channel(user=cast.leader, channel="sms", address="+84 912 345 678", enabled=True)
    assert ChannelChoice.objects.get().address == "84912345678"


@pytest.mark.parametrize(
    ("channel", "address", "field"),
    [("sms", "12345", "sms_address"), ("sms", "0912abc678", "sms_address"), ("zalo", "abc", "zalo_address")],
)
def test_a_bad_address_names_the_field_and_changes_nothing(cast, channel, address, field):
    with pytest.raises(ValidationFailed) as err:
        user_set_channel(user=cast.officer, channel=channel, address=address, enabled=True)
    assert field in err.value.fields
    assert not ChannelChoice.objects.exists()


def test_the_preferences_page_saves_all_or_nothing(client, cast, sms_provider, zalo_provider):
    client.force_login(cast.officer)
    page = client.get(reverse("notifications:preferences"))
    assert 'name="sms_address"' in page.content.decode() and 'name="zalo_address"' in page.content.decode()
    bad = client.post(reverse("notifications:preferences"), {"sms_enabled": "on", "sms_address": "12"})
    assert bad.status_code == 400
    assert "Số điện thoại di động không hợp lệ" in bad.content.decode()
    cast.officer.refresh_from_db()
    assert cast.officer.email_notifications  # the unticked e-mail box was not saved either
    assert not ChannelChoice.objects.exists()
    good = client.post(
        reverse("notifications:preferences"),
        {"email_notifications": "on", "sms_enabled": "on", "sms_address": "0987654321", "zalo_address": "42"},
    )
    assert good.status_code == 302
    assert dict(ChannelChoice.objects.values_list("channel", "enabled")) == {"sms": True, "zalo": False}


def test_the_page_offers_no_channel_to_someone_without_an_officer_role(client, cast, sms_provider):
    client.force_login(cast.outsider)
    assert 'name="sms_address"' not in client.get(reverse("notifications:preferences")).content.decode()
    client.post(reverse("notifications:preferences"), {"sms_enabled": "on", "sms_address": "0912345678"})
    assert not ChannelChoice.objects.exists()


def test_no_message_body_carries_personal_data(cast, frozen_clock, sms_provider, zalo_provider):
    user_set_channel(user=cast.intake, channel="sms", address="0911111111", enabled=True)
    user_set_channel(user=cast.intake, channel="zalo", address="777", enabled=True)
    personal = ["Nguyễn Văn Gửi", "0912345678", "Thái Bình", "Trần Thị Bị", "Lê Thị Tố", "0988777666", "quỹ phúc lợi"]
    cases = [
        make_case(
            cast, kind, content="Chi quỹ phúc lợi không đúng quy chế.",
            submitters=[submitter(full_name=name, phone=phone)],
        )
        for kind, name, phone in [
            (Kind.COMPLAINT, "Nguyễn Văn Gửi", "0912345678"), (Kind.DENUNCIATION, "Lê Thị Tố", "0988777666"),
        ]
    ]  # fmt: skip
    outbox_deliver_due()
    texts = sms_provider.texts() + zalo_provider.texts()
    assert len(texts) == 4
    for text in texts:
        assert len(text) <= 160
        assert re.fullmatch(r"UBKT: H[oồ] s[oơ] (KN|TC)-2026-\d{5} c[oó] c[aậ]p nh[aậ]t m[oớ]i\. Xem: \S+", text), text
        for value in personal:
            assert value not in text
    assert {c.reference for c in cases} == {t.split()[3] for t in zalo_provider.texts()}
    for message in OutboxMessage.objects.exclude(channel="email"):
        assert all(value not in message.body + message.subject for value in personal)


def test_no_email_about_a_letter_carries_its_texts_they_stay_in_the_system(cast, frozen_clock):
    from casework.cases.services import case_accept, case_assign, case_start_verification, case_suspend
    from notifications.models import Notification
    from workflows.services import escalation_decide, escalation_open

    # The officers' texts name a witness (the denouncer would be masked there, never e-mailed either).
    name, title = "Lê Thị Chứng", "Đơn về việc chi sai quỹ phúc lợi"
    case = make_case(
        cast, Kind.DENUNCIATION, title=title, content="Chi quỹ phúc lợi không đúng quy chế.",
        submitters=[submitter(full_name="Nguyễn Văn Gửi", address="")], subject_person="",
    )  # fmt: skip
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground="await_expertise", reason=f"Giám định chữ ký {name}")
    escalation = escalation_open(target=case, unit=case.unit, reason=f"Ông {name} đòi gặp", actor=cast.officer)
    escalation_decide(escalation=escalation, actor=cast.leader, decision="approve", reason=f"Mời {name} làm việc")
    in_app = Notification.objects.filter(body__contains=name)
    assert in_app.filter(key__startswith="case:").exists() and in_app.filter(key__startswith="escalation:").exists()
    emails = OutboxMessage.objects.filter(channel="email")
    assert emails.filter(key__startswith="case:").exists() and emails.filter(key__startswith="escalation:").exists()
    for message in emails:
        assert name not in message.body + message.subject and title not in message.body, message.key
    outbox_deliver_due()
    assert mail.outbox and all(case.reference in m.subject or "/" in m.body for m in mail.outbox)
    assert not [m for m in mail.outbox if name in m.body or title in m.body]


def test_a_refusal_fails_at_once_and_is_shown_per_channel_on_metrics(
    client, cast, frozen_clock, sms_provider, zalo_provider
):
    user_set_channel(user=cast.officer, channel="sms", address="0912345678", enabled=True)
    user_set_channel(user=cast.officer, channel="zalo", address="1", enabled=True)
    sms_provider.mode = zalo_provider.mode = fake.REFUSE
    notify(users=[cast.officer], title="T", key="ev:3")
    outbox_deliver_due()
    failed = {m.channel: m for m in OutboxMessage.objects.filter(status="failed")}
    assert set(failed) == {"sms", "zalo"}
    assert failed["sms"].attempts == 1 and "HTTP 400" in failed["sms"].last_error
    assert "-213" in failed["zalo"].last_error
    text = client.get("/metrics").content.decode()
    assert 'casework_outbox_messages{channel="sms",state="failed"} 1.0' in text
    assert 'casework_outbox_messages{channel="zalo",state="failed"} 1.0' in text
    assert 'casework_outbox_messages{channel="email",state="failed"} 0.0' in text


@pytest.mark.parametrize("mode", [fake.ERROR, fake.HANG])
def test_a_server_error_or_a_timeout_is_retried_with_back_off(cast, frozen_clock, sms_provider, mode):
    user_set_channel(user=cast.officer, channel="sms", address="0912345678", enabled=True)
    sms_provider.mode = mode
    notify(users=[cast.officer], title="T", key="ev:4")
    outbox_deliver_due()
    message = OutboxMessage.objects.get(channel="sms")
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.next_attempt_at == clock.now() + dt.timedelta(minutes=2)
    assert ("HTTP 500" if mode == fake.ERROR else "Timeout") in message.last_error
    sms_provider.mode = fake.ACCEPT
    assert outbox_deliver_due() == 0  # not due yet
    clock.advance(dt.timedelta(minutes=2))
    outbox_deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 2, "")
    assert len(sms_provider.texts()) == 1


def test_a_slow_provider_within_the_timeout_delivers(cast, frozen_clock, zalo_provider):
    user_set_channel(user=cast.officer, channel="zalo", address="99", enabled=True)
    zalo_provider.mode = fake.SLOW
    notify(users=[cast.officer], title="T", key="ev:5")
    outbox_deliver_due()
    assert OutboxMessage.objects.get(channel="zalo").status == "sent"
    assert len(zalo_provider.texts()) == 1


def test_a_retry_of_a_message_the_provider_already_took_is_not_sent_twice(cast, frozen_clock, sms_provider):
    user_set_channel(user=cast.officer, channel="sms", address="0912345678", enabled=True)
    sms_provider.mode = fake.ACCEPT_THEN_HANG  # the provider sends it, its answer comes too late
    notify(users=[cast.officer], title="T", key="ev:6")
    outbox_deliver_due()
    assert OutboxMessage.objects.get(channel="sms").status == "pending"
    sms_provider.mode = fake.ACCEPT
    clock.advance(dt.timedelta(minutes=2))
    outbox_deliver_due()
    assert OutboxMessage.objects.get(channel="sms").status == "sent"
    keys = [r["key"] for r in sms_provider.requests]
    assert keys == [f"ev:6:sms:{cast.officer.pk}"] * 2  # the same idempotency key both times
    assert len(sms_provider.texts()) == 1  # delivered to the phone once


def test_notifying_twice_queues_each_channel_once(cast, frozen_clock, sms_provider):
    user_set_channel(user=cast.officer, channel="sms", address="0912345678", enabled=True)
    for _ in range(2):
        notify(users=[cast.officer], title="T", key="ev:7")
    assert OutboxMessage.objects.filter(channel="sms").count() == 1


def test_turning_a_channel_off_skips_what_is_queued(cast, frozen_clock, sms_provider):
    user_set_channel(user=cast.officer, channel="sms", address="0912345678", enabled=True)
    notify(users=[cast.officer], title="T", key="ev:8")
    user_set_channel(user=cast.officer, channel="sms", address="", enabled=False)
    outbox_deliver_due()
    assert OutboxMessage.objects.get(channel="sms").status == "skipped"
    assert ChannelChoice.objects.get().address == "84912345678"  # kept for when they turn it back on
    assert sms_provider.requests == []


def test_recipients_given_as_a_query_get_their_channels_too(cast, frozen_clock, sms_provider):
    from casework.org.models import User

    user_set_channel(user=cast.chair, channel="sms", address="0912345678", enabled=True)
    notify(users=User.objects.filter(pk__in=[cast.chair.pk, cast.officer.pk]), title="T", key="ev:9", reference="X-1")
    assert list(OutboxMessage.objects.filter(channel="sms").values_list("user_id", flat=True)) == [cast.chair.pk]
