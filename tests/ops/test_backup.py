"""Backups: a restored database shows the same rows and its audit chain verifies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from casework.audit.models import AuditEvent
from casework.audit.services import audit_record_standalone
from casework.cases.models import Case
from casework.ops.backup import backup_restore, backup_write
from casework.ops.chain_check import audit_chain_ok
from casework.org.models import Unit, User
from tests.factories import make_unit
from tests.tampering import Tamper

pytestmark = pytest.mark.django_db(transaction=True)


def _submit_cases(cast) -> None:
    from casework.cases.services.public import case_public_submit

    for n in range(3):
        case_public_submit(
            kind="complaint",
            unit=cast.hospital,
            title=f"Đơn số {n}",
            content="Nội dung khiếu nại về việc chi trả trợ cấp.",
            full_name=f"Người gửi {n}",
            phone=f"090000000{n}",
        )
    audit_record_standalone(actor=cast.officer, action="test.backup", target=("org.unit", cast.hospital.pk))


def _rows(alias: str = "default") -> dict[str, list]:
    return {
        "cases": list(Case.objects.using(alias).order_by("pk").values_list("pk", "kind", "status", "unit_id", "title")),
        "audit": list(AuditEvent.objects.using(alias).order_by("seq").values_list("seq", "action", "hash")),
        "units": list(Unit.objects.using(alias).order_by("pk").values_list("pk", "path", "name")),
        "users": list(User.objects.using(alias).order_by("pk").values_list("pk", "username")),
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file copy")
def test_sqlite_round_trip_restores_rows_and_a_verifiable_chain(cast, tmp_path):
    _submit_cases(cast)
    before = _rows()
    assert len(before["cases"]) == 3 and len(before["audit"]) >= 4
    path = backup_write(path=tmp_path / "casework.sqlite3")

    # Work done after the backup is lost by the restore, as it must be.
    make_unit(parent=cast.sector, name="Đơn vị sau sao lưu", code="LATE")
    audit_record_standalone(actor=cast.officer, action="test.after_backup", target=("org.unit", cast.clinic.pk))
    assert _rows() != before

    backup_restore(path=path)
    assert _rows() == before
    ok, summary = audit_chain_ok()
    assert ok, summary


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file copy")
def test_make_backup_and_restore_commands(cast, tmp_path, capsys):
    _submit_cases(cast)
    before = _rows()
    target = tmp_path / "nightly.sqlite3"
    call_command("backup_db", output=str(target))
    assert capsys.readouterr().out.strip() == str(target)
    make_unit(parent=cast.sector, name="Thêm sau", code="X1")
    call_command("restore_db", str(target), interactive=False)
    out = capsys.readouterr().out
    assert "chuỗi nguyên vẹn" in out
    assert _rows() == before


ROWS_SCRIPT = """
import json
from tests.ops.test_backup import _rows
print(json.dumps(_rows(), default=str))
"""


def _manage(*args: str, database_url: str) -> str:
    """Run manage.py in a fresh process against another database, as an operator would."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "settings.test"}
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore")
def test_postgresql_round_trip_into_a_scratch_database(cast, tmp_path):
    _submit_cases(cast)
    before = json.loads(json.dumps(_rows(), default=str))
    path = backup_write(path=tmp_path / "casework.dump")
    assert path.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    scratch = f"casework_restore_{uuid.uuid4().hex[:8]}"
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    url = f"postgresql://{quote(db['USER'])}{password}@{host}:{port}/{scratch}"
    admin = ["psql", "-h", host, "-p", str(port), "-U", db["USER"], "-d", "postgres", "-v", "ON_ERROR_STOP=1"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    subprocess.run([*admin, "-c", f'CREATE DATABASE "{scratch}"'], check=True, env=env, capture_output=True)
    try:
        out = _manage("restore_db", str(path), "--noinput", database_url=url)
        assert "chuỗi nguyên vẹn" in out
        restored = json.loads(_manage("shell", "-c", ROWS_SCRIPT, database_url=url).strip().splitlines()[-1])
        assert restored == before
    finally:
        subprocess.run([*admin, "-c", f'DROP DATABASE IF EXISTS "{scratch}"'], check=True, env=env, capture_output=True)


def test_a_tampered_restore_fails_the_chain_check(cast):
    _submit_cases(cast)
    first = AuditEvent.objects.order_by("seq").first()
    # Simulate a backup whose rows were edited: bypass the model's append-only guard.
    Tamper().set_field(seq=first.seq, column="reason", value="sửa lén")
    ok, _summary = audit_chain_ok()
    assert not ok
    # The fallback recomputation (used for non-default aliases) sees it too.
    from casework.ops.chain_check import _recompute

    ok, summary = _recompute("default")
    assert not ok, summary
