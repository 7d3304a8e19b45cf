"""A flag ended by leadership names its ground, and the database checks it against the decision.

Leadership may end a flag without inspecting it only on a ground the rules allow (EndGround:
merged into another flag or inspection, referred to the competent body, subject dissolved). The
check constraint now demands that ground on every decided flag, and the trigger demands that the
escalation named really decided it: referred out to the competent body (ground "referred"), or
approved with that very ground.

Flags that an earlier version let leadership close with no ground (a plain "approve" or a
discipline decision) have no lawful end: they are put back in their open state (assigned when they
were in an inspection, raised otherwise), so the coverage report shows them as what they are.
"""

from django.db import migrations, models

GROUNDS = ["merged", "referred", "subject_dissolved"]

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION insp_flag_end_check() RETURNS trigger AS $$
BEGIN
    IF NEW.status = 'inspected' AND NOT EXISTS (
        SELECT 1 FROM inspections_inspection i
        WHERE i.id = NEW.inspection_id AND i.conclusion_approved_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION 'flag % cannot be inspected: its inspection has no approved conclusion', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'decided' AND NOT EXISTS (
        SELECT 1 FROM workflows_escalation e
        WHERE e.id = NEW.escalation_id AND e.status <> 'pending'
          AND e.target_type = 'inspections.flag' AND e.target_id = NEW.id::text
          AND ((e.decision = 'refer' AND NEW.end_ground = 'referred')
               OR (e.decision = 'approve' AND e.ground <> '' AND e.ground = NEW.end_ground))
    ) THEN
        RAISE EXCEPTION 'flag % cannot be ended: no leadership decision on an allowed ground', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
POSTGRES_BACKWARD = """
CREATE OR REPLACE FUNCTION insp_flag_end_check() RETURNS trigger AS $$
BEGIN
    IF NEW.status = 'inspected' AND NOT EXISTS (
        SELECT 1 FROM inspections_inspection i
        WHERE i.id = NEW.inspection_id AND i.conclusion_approved_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION 'flag % cannot be inspected: its inspection has no approved conclusion', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'decided' AND NOT EXISTS (
        SELECT 1 FROM workflows_escalation e
        WHERE e.id = NEW.escalation_id AND e.status <> 'pending'
          AND e.target_type = 'inspections.flag' AND e.target_id = NEW.id::text
    ) THEN
        RAISE EXCEPTION 'flag % cannot be decided: no leadership decision on it', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

_SQLITE_INSPECTED = """
WHEN NEW.status = 'inspected' AND NOT EXISTS (
    SELECT 1 FROM inspections_inspection i WHERE i.id = NEW.inspection_id AND i.conclusion_approved_at IS NOT NULL
)
BEGIN SELECT RAISE(ABORT, 'flag cannot be inspected: its inspection has no approved conclusion'); END;
"""
_SQLITE_DECIDED = """
WHEN NEW.status = 'decided' AND NOT EXISTS (
    SELECT 1 FROM workflows_escalation e
    WHERE e.id = NEW.escalation_id AND e.status <> 'pending'
      AND e.target_type = 'inspections.flag' AND e.target_id = CAST(NEW.id AS TEXT)
      AND ((e.decision = 'refer' AND NEW.end_ground = 'referred')
           OR (e.decision = 'approve' AND e.ground <> '' AND e.ground = NEW.end_ground))
)
BEGIN SELECT RAISE(ABORT, 'flag cannot be ended: no leadership decision on an allowed ground'); END;
"""
_SQLITE_DECIDED_BEFORE = """
WHEN NEW.status = 'decided' AND NOT EXISTS (
    SELECT 1 FROM workflows_escalation e
    WHERE e.id = NEW.escalation_id AND e.status <> 'pending'
      AND e.target_type = 'inspections.flag' AND e.target_id = CAST(NEW.id AS TEXT)
)
BEGIN SELECT RAISE(ABORT, 'flag cannot be decided: no leadership decision on it'); END;
"""


def _sqlite_triggers(schema_editor, decided):
    # SQLite rebuilds the table to change its constraints, which drops its triggers: both are made again.
    for kind, body in (("inspected", _SQLITE_INSPECTED), ("decided", decided)):
        for op in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS insp_flag_{kind}_{op}")
            schema_editor.execute(
                f"CREATE TRIGGER insp_flag_{kind}_{op} BEFORE {op.upper()} ON inspections_flag FOR EACH ROW {body}"
            )


def reopen_groundless(apps, schema_editor):
    Flag = apps.get_model("inspections", "Flag")
    decided = Flag.objects.filter(status="decided")
    decided.filter(decision="refer").update(end_ground="referred")
    groundless = decided.filter(end_ground="")
    groundless.filter(inspection__isnull=False).update(status="assigned", closed_at=None)
    groundless.filter(inspection__isnull=True).update(status="raised", closed_at=None)


def triggers_forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD, params=None)
    elif vendor == "sqlite":
        _sqlite_triggers(schema_editor, _SQLITE_DECIDED)


def triggers_backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD, params=None)
    elif vendor == "sqlite":
        _sqlite_triggers(schema_editor, _SQLITE_DECIDED_BEFORE)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0003_flag_decision_choices"),
        ("workflows", "0009_escalation_ground"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="flag", name="insp_flag_closed_with_reason"),
        migrations.AddField(
            model_name="flag",
            name="end_ground",
            field=models.CharField(
                blank=True,
                choices=[
                    ("merged", "đã gộp vào dấu hiệu vi phạm hoặc cuộc kiểm tra khác"),
                    ("referred", "đã chuyển cơ quan có thẩm quyền"),
                    ("subject_dissolved", "đối tượng đã giải thể, không còn tồn tại"),
                ],
                max_length=20,
                verbose_name="căn cứ kết thúc không qua kiểm tra",
            ),
        ),
        migrations.RunPython(reopen_groundless, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="flag",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("conclusion_approved_at__isnull", True), ("inspection__isnull", True), ("status", "raised")
                    ),
                    models.Q(
                        ("conclusion_approved_at__isnull", True), ("inspection__isnull", False), ("status", "assigned")
                    ),
                    models.Q(
                        ("conclusion_approved_at__isnull", False),
                        ("inspection__isnull", False),
                        ("status", "inspected"),
                    ),
                    models.Q(
                        ("end_ground__in", GROUNDS),
                        ("escalation_id__isnull", False),
                        ("status", "decided"),
                        models.Q(("decision_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="insp_flag_closed_with_reason",
            ),
        ),
        migrations.RunPython(triggers_forward, triggers_backward),
    ]
