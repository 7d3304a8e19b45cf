"""Recompute the whole audit chain; exit non-zero at the first broken link."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.audit.checkpoints import CheckpointData
from casework.audit.models import AuditCheckpoint
from casework.audit.verification import audit_chain_verify
from core.errors import ValidationFailed


class Command(BaseCommand):
    help = "Tính lại toàn bộ chuỗi hash của nhật ký kiểm toán; báo liên kết hỏng đầu tiên."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--checkpoint",
            metavar="FILE_OR_LATEST",
            help='Một tệp JSON do audit_checkpoint in ra, hoặc "latest" (điểm kiểm tra mới nhất trong CSDL).',
        )
        parser.add_argument(
            "--deep",
            action="store_true",
            help="Dựng lại văn bản của từng sự kiện từ các cột để băm, không dựa vào văn bản đã lưu "
            "và ràng buộc CHECK (chậm hơn khoảng ba lần).",
        )

    def handle(self, *args, **options) -> None:
        checkpoint = self._load_checkpoint(options.get("checkpoint"))
        result = audit_chain_verify(checkpoint=checkpoint, deep=options["deep"])
        self.stdout.write(f"events checked: {result.checked} ({result.rate:,.0f}/s)")
        self.stdout.write(result.summary())
        if not result.ok:
            if result.first_break:
                b = result.first_break
                self.stdout.write(
                    f"first broken link: seq={b.seq} kind={b.kind} expected={b.expected} stored={b.stored}"
                )
            raise CommandError(result.summary())

    def _load_checkpoint(self, value: str | None) -> CheckpointData | None:
        if not value:
            return None
        if value == "latest":
            latest = AuditCheckpoint.objects.order_by("-created_at", "-pk").first()
            if latest is None:
                raise CommandError("Chưa có điểm kiểm tra nào (chạy audit_checkpoint trước).")
            return CheckpointData.from_model(latest)
        try:
            text = Path(value).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp điểm kiểm tra {value}: {exc}") from exc
        try:
            return CheckpointData.from_json(text)
        except ValidationFailed as exc:
            raise CommandError(exc.fields["checkpoint"][0]) from exc
