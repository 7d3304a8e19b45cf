"""Sign the current head of the audit chain and print it as JSON to keep elsewhere."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casework.audit.checkpoints import CheckpointData
from casework.audit.services import audit_checkpoint_create


class Command(BaseCommand):
    help = "Ghi điểm kiểm tra (seq, hash, thời điểm) của đầu chuỗi nhật ký, ký HMAC-SHA256, và in ra JSON."

    def handle(self, *args, **options) -> None:
        checkpoint = audit_checkpoint_create()
        self.stdout.write(CheckpointData.from_model(checkpoint).to_json())
