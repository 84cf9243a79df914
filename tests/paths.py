"""Where the tests find the project and the shared provider payloads (Meta's and Stripe's real
bodies, kept beside the repository), wherever a test file sits in the tree."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures"
