"""Answer a person's request for their data: JSON of what the system holds about them (audited)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from casework.org.models import User
from casework.privacy.services import personal_data_export
from core.errors import ApplicationError, ValidationFailed


class Command(BaseCommand):
    help = (
        "Export what the system holds about a person (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4 khoản 1 điểm d, "
        "Đ.15 khoản 2 điểm a); recorded in the audit chain."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--actor", required=True, help="username of the administrator answering")
        parser.add_argument("--name", required=True)
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--id-number",
            default="",
            help="identity-card number: finds a denunciation's sealed identity and visits in the reception book",
        )
        parser.add_argument("--reason", required=True, help="the request's number and date")

    def handle(self, *args, **options) -> None:
        actor = User.objects.filter(username=options["actor"], is_active=True).first()
        if actor is None:
            raise CommandError(f"--actor: no active user {options['actor']!r}")
        try:
            data = personal_data_export(
                actor=actor, full_name=options["name"], phone=options["phone"], email=options["email"],
                id_number=options["id_number"], reason=options["reason"],
            )  # fmt: skip
        except ValidationFailed as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.fields.items())) from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
