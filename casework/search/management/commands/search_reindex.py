"""Rebuild the search index from the records: after an import or a restore, or to repair it."""

from django.core.management.base import BaseCommand

from casework.search.services import search_reindex


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm (hồ sơ, dấu hiệu vi phạm, cuộc kiểm tra, tệp đính kèm)."

    def handle(self, *args, **options):
        counts = search_reindex()
        self.stdout.write("Đã dựng lại chỉ mục: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
