"""`manage.py check --deploy --settings=settings.prod` must report nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def _prod_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="settings.prod",
        SECRET_KEY="t3st-" + "k" * 60 + "-Zq9!xR7#pL2@",
        AUDIT_HMAC_KEY="audit-" + "h" * 40,
        IDENTITY_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        LOG_LEVEL="WARNING",
    )
    return env


def test_check_deploy_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--settings=settings.prod", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_prod_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_prod_settings_are_hardened():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SECURE_SSL_REDIRECT, s.OTP_ENFORCED, s.DEBUG,"
        " s.STORAGES['staticfiles']['BACKEND'].endswith('ManifestStaticFilesStorage'),"
        " s.MIDDLEWARE[1] == 'whitenoise.middleware.WhiteNoiseMiddleware')"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT,
        env=_prod_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "False", "True", "True"]


def test_prod_refuses_to_start_without_a_secret_key():
    env = _prod_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--settings=settings.prod"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
