"""Writing notifications. Call inside the service transaction that caused them."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from casework.org.models import LEADERSHIP_ROLES, Role
from casework.org.selectors import absence_cover, nearest_with_role, stand_ins
from core import clock
from core.errors import ApplicationError, ValidationFailed
from notifications.channels import OPT_IN_CHANNELS, SMS, configured_opt_in_channels
from notifications.kick import outbox_kick
from notifications.language import NoticeText, notice_render
from notifications.models import ChannelChoice, Notification, OutboxMessage
from notifications.sealing import outbox_seal
from notifications.texts import channel_text

# Officers and leaders: the people who act on cases and may choose SMS or Zalo.
CHANNEL_ROLES = (Role.INTAKE_OFFICER, Role.CASE_OFFICER, Role.INSPECTOR, Role.COMMITTEE_CHAIR, *LEADERSHIP_ROLES)


def notify(
    *,
    users: Iterable[Any],
    title: NoticeText,
    body: NoticeText = "",
    url: str = "",
    unit: Any | None = None,
    key: str,
    reference: str = "",
    body_by_email: bool = True,
    never: Collection[int] = (),
) -> None:
    """Notify each user in-app and, on the channels they chose (e-mail, SMS, Zalo), through the outbox.

    `key` identifies the event (e.g. "deadline:42:breach"): a person is told of one event once, in
    the app and on each channel (the unique keys of the notes and of the messages), so notifying
    again with the same key (a retried sweep) tells only those not told yet.
    `users`: a list or a query of users.
    `body_by_email` False keeps the body in the system: the e-mail carries the title and the
    link only (a complaint's or denunciation's texts may name people, and a mail server keeps
    what it carries: Luật Tố cáo 2018 Đ.47, Luật Bảo vệ dữ liệu cá nhân 2025 Đ.3 khoản 2).
    `never`: ids of people never told, whoever they stand in for (those recused from the target).
    `title` and `body` are rendered here, in the site's language, whoever acted: pass
    `gettext_lazy(...)` or a callable, never a `gettext(...)` result (notifications/language.py).
    """
    now = clock.now()
    by_pk = {u.pk: u for u in users if u is not None}
    # Whoever stands in for someone away is told too: reminders and escalations never wait on an absence.
    covered, uncovered = absence_cover(user_ids=list(by_pk))
    for absent_id, substitute in covered.items():
        if substitute.pk in never:
            uncovered.add(absent_id)  # recused from the target: cannot act for them on it
        else:
            by_pk.setdefault(substitute.pk, substitute)
    if uncovered and unit is not None:
        # Someone away with nobody able to act for them on this (no substitute chosen yet, or the
        # substitute recused): the nearest committee chairs, who choose who does it, are told in their place.
        chairs = nearest_with_role(unit=unit, roles=[Role.COMMITTEE_CHAIR], exclude={*uncovered, *never})
        added = [c for c in chairs if c.pk not in by_pk]
        for chair in added:
            by_pk[chair.pk] = chair
        if added:
            for substitute in stand_ins(user_ids=[c.pk for c in added]).values():
                by_pk.setdefault(substitute.pk, substitute)
    recipients = [u for pk, u in by_pk.items() if pk not in never]
    if not recipients:
        return
    title, body = notice_render(title), notice_render(body)
    # One INSERT each; a row whose key is taken (this person was told of this event already) is
    # skipped by the database, without failing the caller's transaction.
    Notification.objects.bulk_create(
        [Notification(user=u, title=title, body=body, url=url, unit=unit, key=key, created_at=now) for u in recipients],
        ignore_conflicts=True,
    )
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                key=f"{key}:email:{u.pk}",
                user=u,
                recipient=u.email,
                subject=title,
                body=f"{body if body_by_email else ''}\n\n{url}".strip(),
                next_attempt_at=now,
                created_at=now,
            )
            for u in recipients
            if u.email and u.email_notifications
        ],
        ignore_conflicts=True,
    )
    _queue_opt_in_channels(user_ids=[u.pk for u in recipients], key=key, url=url, reference=reference)
    transaction.on_commit(outbox_kick)


def outbox_email_to_address(
    *, key: str, recipient: str, subject: NoticeText, body: NoticeText, language: str | None = None
) -> bool:
    """Queue one e-mail to an address that belongs to no account (a citizen who gave it on the public
    form), in the caller's transaction. `key` makes it once: queuing the same key again does nothing.

    The address and the text are stored sealed (notifications.sealing) and erased once delivered;
    `subject` and `key` stay readable, so they must name nobody. Returns whether it was queued now.
    The texts are rendered in the site's language, as `notify`'s, or in `language` when the message
    is read by nobody but the person whose request caused it (notifications.language)."""
    now = clock.now()
    subject, body = notice_render(subject, language=language), notice_render(body, language=language)
    try:
        with transaction.atomic():
            OutboxMessage.objects.create(
                key=key,
                recipient="",
                subject=subject,
                body=outbox_seal(recipient=recipient, body=body),
                next_attempt_at=now,
                created_at=now,
            )
    except IntegrityError:  # already queued under this key
        return False
    transaction.on_commit(outbox_kick)
    return True


def _queue_opt_in_channels(*, user_ids: list[int], key: str, url: str, reference: str) -> None:
    """Queue the SMS/Zalo messages of the people just notified who chose those channels.

    Nothing is read when no provider is configured, so a deployment without SMS or Zalo pays
    no query for them.
    """
    channels = configured_opt_in_channels()
    if not channels or not user_ids:
        return
    now = clock.now()
    choices = ChannelChoice.objects.filter(user_id__in=user_ids, channel__in=channels, enabled=True).exclude(address="")
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                key=f"{key}:{choice.channel}:{choice.user_id}",
                channel=choice.channel,
                user_id=choice.user_id,
                recipient=choice.address,
                subject="",
                body=channel_text(channel=choice.channel, key=key, reference=reference, url=url),
                next_attempt_at=now,
                created_at=now,
            )
            for choice in choices
        ],
        ignore_conflicts=True,  # a retried sweep: the message already queued is kept, not queued twice
    )


@transaction.atomic
def notification_mark_read(*, user: Any, pk: int) -> Notification:
    """Mark one of the user's own notifications read (someone else's: DoesNotExist → 404)."""
    note = Notification.objects.select_for_update().get(pk=pk, user=user)
    if note.read_at is None:
        note.read_at = clock.now()
        note.save(update_fields=["read_at"])
    return note


@transaction.atomic
def notification_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=clock.now())


@transaction.atomic
def user_set_email_notifications(*, user: Any, enabled: bool) -> Any:
    """The user's own choice: e-mail on or off. Messages already queued are skipped when off."""
    from casework.audit.services import audit_record
    from casework.org.models import User

    locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    if locked.email_notifications == enabled:
        return locked
    before = {"email_notifications": locked.email_notifications}
    locked.email_notifications = enabled
    locked.save(update_fields=["email_notifications"])
    audit_record(
        actor=user,
        action="user.email_notifications",
        target=locked,
        before=before,
        after={"email_notifications": enabled},
    )
    return locked


def channel_choice_allowed(*, user: Any) -> bool:
    """Officers and leaders choose SMS/Zalo; nobody else (a denouncer's contact serves only the
    papers the law requires: Luật Tố cáo 2018 Đ.47)."""
    from casework.org.selectors import user_has_role

    return bool(user.is_authenticated and user.is_active) and user_has_role(user=user, roles=CHANNEL_ROLES)


def _clean_address(channel: str, address: str) -> str:
    address = (address or "").strip()
    if channel == SMS:
        digits = "".join(ch for ch in address if ch.isdigit())
        shape_ok = re.fullmatch(r"\+?[\d .-]+", address) and re.fullmatch(r"(0|84)\d{9}", digits)
        if not shape_ok:
            raise ValidationFailed(
                {"sms_address": gettext("Số điện thoại di động không hợp lệ (10 chữ số, ví dụ 0912345678).")}
            )
        return "84" + digits[-9:]
    if not re.fullmatch(r"\d{1,32}", address):
        raise ValidationFailed({"zalo_address": gettext("Zalo ID không hợp lệ (chỉ gồm chữ số, tối đa 32).")})
    return address


@transaction.atomic
def user_set_channel(*, user: Any, channel: str, address: str, enabled: bool) -> ChannelChoice | None:
    """The person's own choice of an SMS or Zalo channel; bad input changes nothing.

    Turning a channel off keeps the address and skips the messages already queued for it.
    """
    from casework.audit.services import audit_record

    if channel not in OPT_IN_CHANNELS:
        raise ValidationFailed({"channel": gettext("Kênh không hợp lệ.")})
    if not channel_choice_allowed(user=user):
        raise ApplicationError(
            gettext("Chỉ cán bộ và lãnh đạo được đăng ký nhận thông báo qua SMS hoặc Zalo."), code="forbidden"
        )
    existing = ChannelChoice.objects.select_for_update().filter(user=user, channel=channel).first()
    if not enabled and existing is None and not address:
        return None
    cleaned = _clean_address(channel, address) if (enabled or address) else existing.address
    before = {"enabled": existing.enabled, "address_set": bool(existing.address)} if existing else None
    choice, _created = ChannelChoice.objects.update_or_create(
        user=user, channel=channel, defaults={"address": cleaned, "enabled": enabled, "updated_at": clock.now()}
    )
    if existing is None or (existing.enabled, existing.address) != (enabled, cleaned):
        # The address is the officer's own and stays out of the append-only chain.
        audit_record(
            actor=user,
            action=f"user.channel.{channel}",
            target=user,
            before=before,
            after={"enabled": enabled, "address_set": True},
        )
    return choice


@transaction.atomic
def user_set_notification_preferences(*, user: Any, email: bool, channels: dict[str, tuple[str, bool]]) -> None:
    """The preferences page in one transaction: a bad phone number changes nothing, e-mail included.

    `channels` maps "sms"/"zalo" to (address, enabled); it is empty for people who may not choose them.
    """
    user_set_email_notifications(user=user, enabled=email)
    for channel, (address, enabled) in channels.items():
        user_set_channel(user=user, channel=channel, address=address, enabled=enabled)
