"""Each open human task carries the status of its object it was opened for (routing compares it
with the object's saved status); tasks opened before then take their process's routed status."""

from django.db import migrations

OPEN = ["NEW", "ASSIGNED", "STARTED"]


def stamp_open_tasks(apps, schema_editor):
    Task = apps.get_model("viewflow", "Task")
    for task in Task.objects.filter(status__in=OPEN, flow_task_type="HUMAN").select_related("process"):
        status = (task.process.data or {}).get("status")
        if status is not None and "status" not in (task.data or {}):
            task.data = {**(task.data or {}), "status": status}
            task.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0010_escalation_discipline_is_a_proposal"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [migrations.RunPython(stamp_open_tasks, migrations.RunPython.noop)]
