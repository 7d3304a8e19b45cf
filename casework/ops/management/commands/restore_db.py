"""`manage.py restore_db FILE [--noinput]`: replace the database's content with a backup, then check the audit chain."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from casework.ops.backup import backup_restore
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu từ tệp sao lưu (GHI ĐÈ dữ liệu hiện có), rồi kiểm tra chuỗi nhật ký."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database", default="default")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        name = connections[opts["database"]].settings_dict["NAME"]
        if opts["interactive"]:
            answer = input(f"Ghi đè cơ sở dữ liệu {name} bằng {path}? Gõ 'yes' để tiếp tục: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Đã hủy.")
        try:
            backup_restore(path=path, alias=opts["database"])
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        from casework.ops.chain_check import audit_chain_ok

        ok, summary = audit_chain_ok(alias=opts["database"])
        self.stdout.write(summary)
        if not ok:
            raise CommandError("Chuỗi nhật ký của bản khôi phục KHÔNG nguyên vẹn.")
        self.stdout.write(f"Đã khôi phục {name} từ {path}.")
