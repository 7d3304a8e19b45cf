"""Settings come from the environment; malformed values stop start-up with a clear message."""

import importlib
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from settings import env


def test_sqlite_is_the_default_database(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.env_database("DATABASE_URL", "/tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example:5432/cw")
    config = env.env_database("DATABASE_URL", "/tmp/x.sqlite3")
    assert (config["ENGINE"], config["NAME"], config["HOST"]) == ("django.db.backends.postgresql", "cw", "db.example")


def test_postgresql_prepares_statements_unless_turned_off(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example:5432/cw")
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    options = env.env_database("DATABASE_URL", "/tmp/x.sqlite3")["OPTIONS"]
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 2
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "0")
    assert "server_side_binding" not in env.env_database("DATABASE_URL", "/tmp/x.sqlite3").get("OPTIONS", {})
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_PREPARED_STATEMENTS"):
        env.env_database("DATABASE_URL", "/tmp/x.sqlite3")


def test_the_running_postgresql_connection_binds_on_the_server():
    """What CI runs on: the suite itself exercises every query with server-side binding."""
    from django.db import connection

    if connection.vendor != "postgresql":
        assert "server_side_binding" not in connection.settings_dict.get("OPTIONS", {})
        return
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True


def test_postgresql_connections_compile_no_query_just_in_time(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example:5432/cw?options=-c%20statement_timeout%3D5000")
    assert env.env_database("DATABASE_URL", "/tmp/x.sqlite3")["OPTIONS"]["options"] == (
        "-c statement_timeout=5000 -c jit=off"
    )
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example:5432/cw")
    assert env.env_database("DATABASE_URL", "/tmp/x.sqlite3")["OPTIONS"]["options"] == "-c jit=off"
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "0")
    assert env.env_database("DATABASE_URL", "/tmp/x.sqlite3")["OPTIONS"] == {"options": "-c jit=off"}


@pytest.mark.django_db
def test_the_running_postgresql_connection_has_no_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        assert "options" not in connection.settings_dict.get("OPTIONS", {})
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.parametrize("raw", ["maybe", "2", "yess"])
def test_malformed_booleans_are_refused(monkeypatch, raw):
    monkeypatch.setenv("DEBUG", raw)
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.env_bool("DEBUG", False)


def test_malformed_integers_are_refused(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "abc")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env.env_int("EMAIL_PORT", 25)


def test_malformed_database_and_redis_urls_are_refused(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "nosuchdb://x")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.env_database("DATABASE_URL", "/tmp/x")
    monkeypatch.setenv("REDIS_URL", "http://localhost")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env.env_redis_url("REDIS_URL")


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-file\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env.env_str("SECRET_KEY") == "from-file"


def _import_prod(extra_env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "AUDIT_HMAC_KEY", "IDENTITY_ENCRYPTION_KEY"}
    }
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "-c", "import settings.prod"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(__file__)),
    )


def test_prod_refuses_to_start_without_a_secret_key():
    result = _import_prod({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_prod_starts_with_its_secrets():
    from cryptography.fernet import Fernet

    result = _import_prod(
        {"SECRET_KEY": "x" * 50, "AUDIT_HMAC_KEY": "y" * 32, "IDENTITY_ENCRYPTION_KEY": Fernet.generate_key().decode()}
    )
    assert result.returncode == 0, result.stderr


def test_admins_are_read_as_names_with_emails_or_emails_only(monkeypatch):
    monkeypatch.setenv("ADMINS", "Nguyễn Văn Trực <truc@ubkt.vn>, ops@ubkt.vn")
    assert env.env_admins("ADMINS") == [("Nguyễn Văn Trực", "truc@ubkt.vn"), ("ops@ubkt.vn", "ops@ubkt.vn")]
    monkeypatch.setenv("ADMINS", "")
    assert env.env_admins("ADMINS") == []
    monkeypatch.setenv("ADMINS", "Trực <truc@ubkt.vn>, not-an-address")
    with pytest.raises(ImproperlyConfigured, match="ADMINS"):
        env.env_admins("ADMINS")


def test_prod_reads_its_admins_from_the_environment():
    from cryptography.fernet import Fernet

    secrets = {
        "SECRET_KEY": "x" * 50,
        "AUDIT_HMAC_KEY": "y" * 32,
        "IDENTITY_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }
    environment = {**os.environ, **secrets, "ADMINS": "Trực <truc@ubkt.vn>, ops@ubkt.vn", "SERVER_EMAIL": "loi@ubkt.vn"}
    result = subprocess.run(
        [sys.executable, "-c", "import settings.prod as p; print(p.ADMINS, p.SERVER_EMAIL)"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(__file__)),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('Trực', 'truc@ubkt.vn'), ('ops@ubkt.vn', 'ops@ubkt.vn')] loi@ubkt.vn"
    assert _import_prod({**secrets, "ADMINS": "Trực <truc>"}).returncode != 0


def test_embedded_default_runs_tasks_without_a_broker(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    import settings.base as base

    reloaded = importlib.reload(base)
    try:
        assert reloaded.CELERY_TASK_ALWAYS_EAGER is True
        assert reloaded.CELERY_BROKER_URL == "memory://"
    finally:
        importlib.reload(base)


def test_time_zone_and_language_defaults():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.USE_TZ is True
    assert "en" in dict(settings.LANGUAGES)


def _dev_setting(expression: str, extra_env: dict[str, str]) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"} | extra_env
    result = subprocess.run(
        [sys.executable, "-c", f"import settings.dev as s; print({expression})"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(__file__)),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_demo_shows_the_vietnamese_error_pages_unless_debug_is_asked_for():
    """`make run` (settings.dev) answers with the pages production shows: DEBUG's technical pages list every
    route and print tracebacks whose values can hold a denouncer's name. Static files still come straight
    from the apps, as DEBUG's runserver would serve them."""
    assert _dev_setting("s.DEBUG, s.WHITENOISE_USE_FINDERS", {}) == "False True"
    assert _dev_setting("s.DEBUG", {"DEBUG": "true"}) == "True"
