"""Database backups: pg_dump/pg_restore (custom format) on PostgreSQL, the sqlite3 backup API on SQLite.

Both sides take a Django connection alias, so a restore can target a scratch database
(tests, rehearsals) as well as the live one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext

from core.errors import ApplicationError


def _pg_env(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    # Through the environment, never argv: the password must not show in `ps`.
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ApplicationError(
            gettext("Không tìm thấy %(tool)s: cài gói postgresql-client cùng phiên bản với máy chủ.") % {"tool": name}
        )
    return path


def backup_write(*, path: Path, alias: str = "default") -> Path:
    """Write a consistent copy of the database to `path` (created or replaced)."""
    connection = connections[alias]
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        # -Fc: compressed, restorable table by table; pg_dump reads one snapshot, so the copy is consistent.
        subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *_pg_args(db), db["NAME"]],
            env=_pg_env(db),
            check=True,
        )
        return path
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        tmp = path.with_suffix(path.suffix + ".part")
        target = sqlite3.connect(tmp)
        try:
            # The backup API copies page by page under SQLite's own locking: safe while others write.
            connection.connection.backup(target)
        finally:
            target.close()
        tmp.replace(path)
        return path
    raise ApplicationError(gettext("Không hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s.") % {"vendor": connection.vendor})


def backup_restore(*, path: Path, alias: str = "default") -> None:
    """Replace the database's content with the backup at `path`.

    PostgreSQL: pg_restore --clean --if-exists into the configured database, in one transaction
    (all or nothing). SQLite: the backup API copies the file over the live database.
    """
    if not path.exists():
        raise ApplicationError(gettext("Không có tệp sao lưu %(path)s.") % {"path": path})
    connection = connections[alias]
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        connection.close()  # our own session must not hold locks on tables being dropped
        subprocess.run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                db["NAME"],
                *_pg_args(db),
                str(path),
            ],
            env=_pg_env(db),
            check=True,
        )
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    raise ApplicationError(gettext("Không hỗ trợ khôi phục cơ sở dữ liệu %(vendor)s.") % {"vendor": connection.vendor})


def backup_default_name(*, vendor: str, stamp: str) -> str:
    return f"casework-{stamp}.{'dump' if vendor == 'postgresql' else 'sqlite3'}"
