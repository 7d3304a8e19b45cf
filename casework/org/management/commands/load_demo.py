"""Load the demo data: organisation and users, then each capability's demo records.

Capabilities add their loaders to DEMO_LOADERS (dotted paths); each must be idempotent. A tuple names the
chapters (core.timeline.Chapter) of loaders whose work numbers acts in the same registers: their stories are
told together on one timeline, so that every register numbers its entries in the order of their dates.
"""

from importlib import import_module

from django.core.management.base import BaseCommand

from casework.org.demo import DEMO_PASSWORD, DEMO_POSITIONS, DEMO_USERS
from core.timeline import timeline_tell

DEMO_LOADERS: list[str | tuple[str, ...]] = [
    "casework.org.demo.load_demo_org",
    (
        "casework.cases.demo.demo_cases_chapter",
        "casework.inspections.demo.demo_inspections_chapter",
        "casework.supervision.demo.demo_supervisions_chapter",
        "casework.reception.demo.demo_reception_chapter",
        "workflows.demo.demo_sweep_chapter",
    ),
    "workflows.demo.load_demo_deadlines",
    "casework.reports.demo.load_demo_reports",
    "casework.privacy.demo.load_demo_subject_requests",
    # Once more after the last loaders: their clocks' reminders go out now, not on the next run.
    "workflows.demo.load_demo_deadlines",
]


def _function(dotted: str):
    module_name, func_name = dotted.rsplit(".", 1)
    return getattr(import_module(module_name), func_name)


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại nhiều lần không thay đổi gì)."

    def handle(self, *args, **options):
        for entry in DEMO_LOADERS:
            if isinstance(entry, tuple):
                results = timeline_tell(*(_function(dotted)() for dotted in entry))
                for dotted, result in zip(entry, results, strict=True):
                    self.stdout.write(f"{dotted}: {result}")
            else:
                self.stdout.write(f"{entry}: {_function(entry)()}")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, _full_name, role, unit_code in DEMO_USERS:
            position = f" ({DEMO_POSITIONS[username].label})" if username in DEMO_POSITIONS else ""
            self.stdout.write(f"  {username:12} {role.label}{position} — {unit_code}")
