"""Load the demo data: organisation and users, then each capability's demo records.

Capabilities add their loaders to DEMO_LOADERS (dotted paths); each must be idempotent.
"""

from importlib import import_module

from django.core.management.base import BaseCommand

from casework.org.demo import DEMO_PASSWORD, DEMO_USERS

DEMO_LOADERS = [
    "casework.org.demo.load_demo_org",
    "casework.cases.demo.load_demo_cases",
    "casework.inspections.demo.load_demo_inspections",
    "casework.supervision.demo.load_demo_supervisions",
    "workflows.demo.load_demo_deadlines",
    "casework.reports.demo.load_demo_reports",
    "casework.reception.demo.load_demo_reception",
    "casework.privacy.demo.load_demo_subject_requests",
    # Once more after the last loaders: their clocks' reminders go out now, not on the next run.
    "workflows.demo.load_demo_deadlines",
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại nhiều lần không thay đổi gì)."

    def handle(self, *args, **options):
        for dotted in DEMO_LOADERS:
            module_name, func_name = dotted.rsplit(".", 1)
            module = import_module(module_name)
            result = getattr(module, func_name)()
            self.stdout.write(f"{dotted}: {result}")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, _full_name, role, unit_code in DEMO_USERS:
            self.stdout.write(f"  {username:12} {role.label} — {unit_code}")
