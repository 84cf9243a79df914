"""Settings from the environment (README.md): loud failures, secrets from files, the deploy check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tattoobot.foundations.env import (
    env_bool,
    env_choice,
    env_e164,
    env_int,
    env_language_map,
    env_list,
    env_str,
    env_template_link,
    env_url,
)
from tests.paths import ROOT

STRONG_KEY = "k" * 10 + "8Hq2#xP!vL9$wZ4@nR7^tY1&mB6*cF3(dJ5)gK0_sA-eU+iO=" * 2


def run_django(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``manage.py`` in a clean environment (only what the test sets, plus PATH)."""
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "tattoobot.settings", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def settings_of(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "tattoobot.settings", **env}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


class TestEnvReaders:
    def test_template_languages(self) -> None:
        langs = ("en", "es", "fr")
        assert env_language_map("L", "en:en_GB", languages=langs, environ={}) == {"en": "en_GB"}
        raw = {"L": " en:en_GB , es:es,FR:fr "}
        assert env_language_map("L", "", languages=langs, environ=raw) == {"en": "en_GB", "es": "es", "fr": "fr"}

    @pytest.mark.parametrize("raw", ["en", "xx:xx", "en:en_GB,en:en_US", "es:", ":es"])
    def test_bad_template_languages_raise(self, raw: str) -> None:
        with pytest.raises(ImproperlyConfigured, match="lang:code pairs"):
            env_language_map("L", "", languages=("en", "es"), environ={"L": raw})

    @pytest.mark.parametrize(("raw", "value"), [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)])
    def test_bool(self, raw: str, value: bool) -> None:
        assert env_bool("X", environ={"X": raw}) is value

    @pytest.mark.parametrize("raw", ["maybe", "2", "yes please"])
    def test_bad_bool_raises(self, raw: str) -> None:
        with pytest.raises(ImproperlyConfigured, match="X must be one of"):
            env_bool("X", environ={"X": raw})

    def test_int_bounds(self) -> None:
        assert env_int("N", 80, environ={}) == 80
        assert env_int("N", 80, minimum=1, environ={"N": " 12 "}) == 12
        with pytest.raises(ImproperlyConfigured, match="integer"):
            env_int("N", 80, environ={"N": "fast"})
        with pytest.raises(ImproperlyConfigured, match="at least 1"):
            env_int("N", 80, minimum=1, environ={"N": "0"})

    def test_list_drops_blanks(self) -> None:
        assert env_list("H", "a", environ={"H": " example.com, ,api.example.com "}) == [
            "example.com",
            "api.example.com",
        ]

    def test_choice(self) -> None:
        assert env_choice("B", "console", ("cloud", "console"), environ={"B": "CLOUD"}) == "cloud"
        with pytest.raises(ImproperlyConfigured, match="cloud, console"):
            env_choice("B", "console", ("cloud", "console"), environ={"B": "sms"})

    @pytest.mark.parametrize("raw", ["mysql://db/x", "postgres//nohost", "redis://", "ftp://example.com"])
    def test_bad_urls_raise(self, raw: str) -> None:
        with pytest.raises(ImproperlyConfigured):
            env_url("U", "", schemes=("postgres", "redis"), environ={"U": raw})

    def test_url_trims_trailing_slash_of_http(self) -> None:
        assert env_url("U", "", schemes=("https",), environ={"U": "https://x.test/v21.0/"}) == "https://x.test/v21.0"

    def test_secret_from_file(self, tmp_path: Path) -> None:
        secret = tmp_path / "secret"
        secret.write_text("s3cret\n")
        assert env_str("TOKEN", environ={"TOKEN_FILE": str(secret)}) == "s3cret"

    def test_secret_file_missing_raises(self, tmp_path: Path) -> None:
        with pytest.raises(ImproperlyConfigured, match="TOKEN_FILE"):
            env_str("TOKEN", environ={"TOKEN_FILE": str(tmp_path / "nope")})

    def test_secret_and_file_together_raise(self, tmp_path: Path) -> None:
        secret = tmp_path / "secret"
        secret.write_text("a")
        with pytest.raises(ImproperlyConfigured, match="not both"):
            env_str("TOKEN", environ={"TOKEN": "b", "TOKEN_FILE": str(secret)})

    def test_phone_number(self) -> None:
        assert env_e164("P", environ={"P": "44 7700 900123"}) == "+447700900123"
        assert env_e164("P", environ={}) == ""
        with pytest.raises(ImproperlyConfigured, match=r"E\.164"):
            env_e164("P", environ={"P": "12"})

    @pytest.mark.parametrize("value", ["body", "https://checkout.stripe.com/", ""])
    def test_a_template_link_is_body_or_the_start_of_a_url_button(self, value: str) -> None:
        assert env_template_link("L", environ={"L": value}) == value

    @pytest.mark.parametrize("value", ["button", "http://checkout.stripe.com/", "https://", "Body"])
    def test_any_other_template_link_is_refused(self, value: str) -> None:
        with pytest.raises(ImproperlyConfigured, match="URL button"):
            env_template_link("L", environ={"L": value})


class TestSettingsModule:
    """Whole-module behaviour, in a fresh interpreter per case."""

    @pytest.mark.parametrize(
        ("env", "message"),
        [
            ({"DJANGO_DEBUG": "perhaps"}, "DJANGO_DEBUG"),
            ({"DJANGO_SECRET_KEY": "x", "DATABASE_URL": "mysql://h/db"}, "DATABASE_URL"),
            ({"DJANGO_SECRET_KEY": "x", "REDIS_URL": "http://h:6379"}, "REDIS_URL"),
            ({"DJANGO_SECRET_KEY": "x", "WHATSAPP_BACKEND": "sms"}, "WHATSAPP_BACKEND"),
            ({"DJANGO_SECRET_KEY": "x", "CALENDAR_BACKEND": "outlook"}, "CALENDAR_BACKEND"),
            ({"DJANGO_SECRET_KEY": "x", "WHATSAPP_MAX_MESSAGES_PER_SECOND": "0"}, "WHATSAPP_MAX_MESSAGES_PER_SECOND"),
            ({"DJANGO_SECRET_KEY": "x", "TRUSTED_PROXIES": "10.0.0.1,proxy"}, "TRUSTED_PROXIES"),
            ({"DJANGO_SECRET_KEY": "x", "PUBLIC_BASE_URL": "localhost:8000"}, "PUBLIC_BASE_URL"),
            ({"DJANGO_SECRET_KEY": "x", "ARTIST_WHATSAPP_NUMBER": "call me"}, "ARTIST_WHATSAPP_NUMBER"),
            ({"DJANGO_SECRET_KEY": "x", "DJANGO_ALLOWED_HOSTS": " , "}, "DJANGO_ALLOWED_HOSTS"),
        ],
    )
    def test_bad_values_refuse_to_start(self, env: dict[str, str], message: str) -> None:
        done = run_django(env, "check")
        assert done.returncode != 0
        assert "ImproperlyConfigured" in done.stderr
        assert message in done.stderr

    def test_no_secret_key_with_debug_off_refuses_to_start(self) -> None:
        code = "import django; django.setup()"
        env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "tattoobot.settings"}
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode != 0
        assert "DJANGO_SECRET_KEY" in done.stderr

    def test_embedded_default(self) -> None:
        values = settings_of(
            {"DJANGO_SECRET_KEY": "x"}, "DATABASES", "CELERY_BROKER_URL", "WHATSAPP_BACKEND", "CACHES", "DEBUG"
        )
        assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"  # type: ignore[index]
        assert str(values["CELERY_BROKER_URL"]).startswith("filesystem://")
        assert values["WHATSAPP_BACKEND"] == "console"
        assert values["DEBUG"] is False

    def test_database_and_redis_urls_switch_to_postgres_and_redis(self) -> None:
        values = settings_of(
            {
                "DJANGO_SECRET_KEY": "x",
                "DATABASE_URL": "postgres://u@127.0.0.1:5432/tb",
                "REDIS_URL": "redis://127.0.0.1:6379/3",
            },
            "DATABASES",
            "CELERY_BROKER_URL",
            "CACHES",
        )
        db = values["DATABASES"]["default"]  # type: ignore[index]
        assert (db["ENGINE"], db["NAME"], db["HOST"]) == ("django.db.backends.postgresql", "tb", "127.0.0.1")
        assert values["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/3"
        assert values["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"  # type: ignore[index]

    def test_template_names_per_purpose_and_secret_files(self, tmp_path: Path) -> None:
        token = tmp_path / "token"
        token.write_text("EAAB-token\n")
        values = settings_of(
            {
                "DJANGO_SECRET_KEY": "x",
                "WHATSAPP_ACCESS_TOKEN_FILE": str(token),
                "WHATSAPP_TEMPLATE_NUDGE": "nudge_v2",
                "WHATSAPP_TEMPLATE_ARTIST_ALERT": "artist_alert",
            },
            "WHATSAPP_ACCESS_TOKEN",
            "WHATSAPP_TEMPLATES",
            "WHATSAPP_TEMPLATE_LANGUAGE",
            "WHATSAPP_TEMPLATE_LANGUAGES",
        )
        assert values["WHATSAPP_ACCESS_TOKEN"] == "EAAB-token"
        assert values["WHATSAPP_TEMPLATE_LANGUAGES"] == {"en": "en_GB"}  # the default: English only
        assert values["WHATSAPP_TEMPLATES"] == {"artist_alert": "artist_alert", "nudge": "nudge_v2"}
        assert values["WHATSAPP_TEMPLATE_LANGUAGE"] == "en_GB"

    def test_deploy_check_is_clean_with_production_values(self) -> None:
        done = run_django(
            {
                "DJANGO_SECRET_KEY": STRONG_KEY,
                "DJANGO_ALLOWED_HOSTS": "bookings.example-studio.com",
                "DJANGO_SECURE_SSL_REDIRECT": "1",
                "PUBLIC_BASE_URL": "https://bookings.example-studio.com",
                "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tattoobot",
                "REDIS_URL": "redis://127.0.0.1:6379/0",
            },
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        )
        assert done.returncode == 0, done.stderr + done.stdout
        assert "no issues" in done.stdout

    def test_deploy_check_flags_missing_ssl_redirect(self) -> None:
        done = run_django({"DJANGO_SECRET_KEY": STRONG_KEY}, "check", "--deploy", "--fail-level", "WARNING")
        assert done.returncode != 0
        assert "security.W008" in done.stderr


CLOUD = {
    "DJANGO_SECRET_KEY": "x",
    "WHATSAPP_BACKEND": "cloud",
    "WHATSAPP_ACCESS_TOKEN": "t",
    "WHATSAPP_PHONE_NUMBER_ID": "123",
    "WHATSAPP_APP_SECRET": "s",
    "WHATSAPP_VERIFY_TOKEN": "v",
    "ARTIST_WHATSAPP_NUMBER": "+447700900999",
}


class TestSystemChecks:
    @pytest.mark.parametrize(
        "missing",
        ["WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"],
    )
    def test_cloud_backend_without_credentials_refuses_to_start(self, missing: str) -> None:
        env = {k: v for k, v in CLOUD.items() if k != missing}
        done = run_django(env, "check")
        assert done.returncode != 0
        assert "tattoobot.E001" in done.stderr
        assert missing in done.stderr

    def test_cloud_backend_with_credentials_starts(self) -> None:
        done = run_django(CLOUD, "check")
        assert done.returncode == 0, done.stderr

    def test_half_configured_stripe_refuses_to_start(self) -> None:
        done = run_django({"DJANGO_SECRET_KEY": "x", "STRIPE_SECRET_KEY": "sk_test_1"}, "check")
        assert done.returncode != 0
        assert "STRIPE_WEBHOOK_SECRET" in done.stderr

    def test_google_calendar_without_service_account_refuses_to_start(self, tmp_path: Path) -> None:
        env = {"DJANGO_SECRET_KEY": "x", "CALENDAR_BACKEND": "google", "GOOGLE_CALENDAR_ID": "c@group"}
        done = run_django(env, "check")
        assert done.returncode != 0
        assert "GOOGLE_SERVICE_ACCOUNT_FILE" in done.stderr

        account = tmp_path / "sa.json"
        account.write_text(json.dumps({"client_email": "bot@p.iam.gserviceaccount.com", "private_key": "k"}))
        done = run_django({**env, "GOOGLE_SERVICE_ACCOUNT_FILE": str(account)}, "check")
        assert done.returncode == 0, done.stderr

    def test_sheets_with_a_broken_service_account_refuses_to_start(self, tmp_path: Path) -> None:
        account = tmp_path / "sa.json"
        account.write_text("{not json")
        env = {
            "DJANGO_SECRET_KEY": "x",
            "GOOGLE_SHEETS_SPREADSHEET_ID": "sheet",
            "GOOGLE_SERVICE_ACCOUNT_FILE": str(account),
        }
        done = run_django(env, "check")
        assert done.returncode != 0
        assert "not JSON" in done.stderr
