"""manage.py chat: a terminal customer through the real webhook."""

from __future__ import annotations

import io
import tempfile

import pytest
from django.core.management import CommandError, call_command

from conversations.models import OutboundMessage
from leads.models import Customer, Lead


def chat(lines: str, *args: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as script:
        script.write(lines)
    out = io.StringIO()
    call_command("chat", *args, script=script.name, stdout=out, stderr=out)
    return out.getvalue()


def test_a_whole_qualification_from_the_terminal() -> None:
    output = chat(
        "Hi there\na dragon\nupper arm\n10x15\nblackwork\n/image\n£600\nLondon\nweekends\n/quit\nnever read\n",
        "+447700900555",
    )
    assert "bot> Hi Terminal!" in output or "bot> Hello Terminal" in output or "bot> Hey Terminal!" in output
    assert "What would you like tattooed?" in output
    assert "10×15 cm, London, £600." in output
    lead = Lead.objects.get(customer__wa_id="+447700900555")
    assert lead.status == "pending_approval"
    assert Customer.objects.get(wa_id="+447700900555").is_sandbox is True
    # Replies were delivered by the console backend, never to Meta.
    assert set(OutboundMessage.objects.filter(to="+447700900555").values_list("state", flat=True)) == {"sent"}
    assert "never read" not in output


def test_buttons_print_as_the_customer_sees_them() -> None:
    chat("hi\n", "+447700900556")
    OutboundMessage.objects.create(
        idempotency_key="b", to="+447700900556", kind="buttons", text="Berlin?", due_at="2026-01-01T00:00Z",
        payload={"buttons": [{"id": "tour_yes", "title": "YES"}, {"id": "tour_no", "title": "NO"}]},
    )  # fmt: skip
    from conversations.sandbox import render_for_customer

    assert render_for_customer(OutboundMessage.objects.get(idempotency_key="b")) == "Berlin?\n  [YES]  [NO]"


@pytest.mark.django_db
def test_a_bad_number_is_refused() -> None:
    with pytest.raises(CommandError):
        chat("hi\n", "12")
