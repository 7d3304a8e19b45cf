"""Reading settings from the environment, with clear errors on malformed values.

Shapes follow healthchecks' envbool/envint: a bad value must stop start-up with a message
that names the variable, never fall back silently.
"""

from __future__ import annotations

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """A string, also read from NAME_FILE (a mounted secret) when that is set."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            with open(file_path, encoding="utf-8") as fh:
                return fh.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_path}: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false, 1/0, yes/no), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_admins(name: str) -> list[tuple[str, str]]:
    """People given as "Name <email>, …" or as e-mails only ("a@x.vn, b@x.vn"), as Django's ADMINS:
    (name, e-mail) pairs, the e-mail standing for a name not given. Empty when unset."""
    from email.utils import getaddresses

    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    raw = os.environ.get(name, "")
    people = []
    for person_name, address in getaddresses([raw]):
        if not person_name and not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(
                f'{name} must list e-mail addresses, "Name <email>" or "email", comma-separated; got {raw!r}'
            ) from None
        people.append((person_name.strip() or address, address))
    return people


def env_database(name: str, default_sqlite_path: str) -> dict:
    """DATABASE_URL, or a SQLite file in the project when it is unset."""
    raw = env_str(name)
    if not raw:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": default_sqlite_path,
            # IMMEDIATE makes each transaction take the write lock up front, so two writers
            # serialize instead of failing halfway with "database is locked".
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    try:
        config = dj_database_url.parse(raw, conn_max_age=60)
    except Exception as exc:  # dj_database_url raises ValueError or bare Exception
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from exc
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name} names an unknown database scheme: {raw.split(':')[0]!r}")
    if config["ENGINE"].endswith("postgresql"):
        # No just-in-time compilation of queries: it pays off for long analytical scans, not for this
        # application's short queries, whose scope and recusal subqueries raise the planner's cost estimate
        # above jit_above_cost. With it on, the administrator's audit search over 652 events spent 3.0 s
        # compiling a query that runs in 0.05 s. Options given in the URL (?options=...) are kept.
        options = config.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
    if config["ENGINE"].endswith("postgresql") and env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Values sent apart from the SQL, and a statement run a second time on a connection is
        # prepared once and not planned again: a case step took 45 % less time (make bench).
        # Needs PgBouncer in session mode (or 1.21+ with max_prepared_statements) if any.
        config.setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 2})
    return config


def env_redis_url(name: str) -> str:
    raw = env_str(name)
    if raw and not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name} must start with redis://, rediss:// or unix://, got {raw!r}")
    return raw
