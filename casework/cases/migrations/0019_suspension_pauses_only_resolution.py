"""A suspension stops only the resolution limit (Luật Tố cáo 2018 Đ.34 khoản 2; Luật Khiếu nại 2011
Đ.28, Đ.37 as amended by Luật 136/2025/QH15): every other clock of a case runs on. A case suspended
under the rule that paused all its clocks still holds paused notice and sending clocks; they run
again from here, on their own due dates (the time they stood paused was never to be left out), and
the next sweep reminds of them or marks them breached as their due dates say."""

from django.db import migrations
from django.utils import timezone


def run_paused_clocks(apps, schema_editor):
    Deadline = apps.get_model("workflows", "Deadline")
    Deadline.objects.filter(target_type="cases.case", status="paused").exclude(step="resolve").update(
        status="open", paused_at=None, next_reminder_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_withdrawn_in_whole_on"),
        ("workflows", "0015_denunciation_decision_sending_rules"),
    ]

    operations = [migrations.RunPython(run_paused_clocks, migrations.RunPython.noop)]
