"""Every translation catalog passes GNU gettext's own checks (``msgfmt --check``): a plural entry
with fewer forms than its language's header declares compiles with Django's ``compilemessages``
but is silently ignored at run time, leaving the customer's message in English."""

from __future__ import annotations

import subprocess

import pytest

from conversations.messaging.copy import COMPLETE_LANGUAGES, DEFAULT_LANGUAGE
from tests.paths import ROOT


@pytest.mark.parametrize("language", sorted(set(COMPLETE_LANGUAGES) - {DEFAULT_LANGUAGE}))
def test_the_catalog_passes_msgfmt_check(language: str) -> None:
    catalog = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(catalog)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
