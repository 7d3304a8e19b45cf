"""Triggers that check a closed flag's end against the rows it names.

The check constraint `insp_flag_closed_with_reason` demands that an inspected flag names its
inspection and a decided flag its escalation. These triggers go further: the inspection named
must really have an approved conclusion, and the escalation must really be decided by leadership
(not still pending). So even a hand-written UPDATE cannot close a flag on a made-up reason.
"""

from django.db import migrations

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
    ) THEN
        RAISE EXCEPTION 'flag % cannot be decided: no leadership decision on it', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER insp_flag_end_check BEFORE INSERT OR UPDATE ON inspections_flag
    FOR EACH ROW EXECUTE FUNCTION insp_flag_end_check();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS insp_flag_end_check ON inspections_flag;
DROP FUNCTION IF EXISTS insp_flag_end_check();
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
)
BEGIN SELECT RAISE(ABORT, 'flag cannot be decided: no leadership decision on it'); END;
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER insp_flag_inspected_{op.lower()} BEFORE {op} ON inspections_flag FOR EACH ROW {_SQLITE_INSPECTED}"
    for op in ("INSERT", "UPDATE")
] + [
    f"CREATE TRIGGER insp_flag_decided_{op.lower()} BEFORE {op} ON inspections_flag FOR EACH ROW {_SQLITE_DECIDED}"
    for op in ("INSERT", "UPDATE")
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS insp_flag_{kind}_{op}" for kind in ("inspected", "decided") for op in ("insert", "update")
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("workflows", "0003_escalation"),
    ]

    operations = [migrations.RunPython(forward, backward)]
