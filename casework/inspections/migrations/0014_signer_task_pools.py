"""The open tasks of an inspection's decision and conclusion are offered to its signers (roles.signer_roles):
the committee chair, and for a complex inspection the union's leadership too. Tasks opened while the decision
was offered to the leadership on every inspection, and the conclusion to the chair only, take that pool."""

from django.db import migrations

OPEN = ["NEW", "ASSIGNED", "STARTED"]
SIGNING_STEPS = ["flows/inspections.InspectionFlow.decide", "flows/inspections.InspectionFlow.conclude"]
POOL_PREFIX = "roles:"
CHAIR = ["committee_chair"]
LEADERSHIP = ["btv_member", "bch_member"]


def signer_pools(apps, schema_editor):
    Task = apps.get_model("viewflow", "Task")
    Inspection = apps.get_model("inspections", "Inspection")
    tasks = Task.objects.filter(status__in=OPEN, flow_task__in=SIGNING_STEPS, owner_permission__startswith=POOL_PREFIX)
    for task in tasks.select_related("process"):
        inspection = Inspection.objects.filter(pk=task.process.artifact_object_id).first()
        if inspection is None:
            continue
        roles = CHAIR + LEADERSHIP if inspection.complex else CHAIR
        marker = POOL_PREFIX + "," + ",".join(roles) + ","
        if task.owner_permission != marker:
            task.owner_permission = marker
            task.save(update_fields=["owner_permission"])


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0013_plan_item_kind_and_supervision_flags"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [migrations.RunPython(signer_pools, migrations.RunPython.noop)]
