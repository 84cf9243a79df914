"""The consent form (docs/booking.md, "Consent form"): the seeded questions, the signed link, signing
once (and only once, even racing), and the page ``/consent/<token>`` through Django's test client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from leads.booking.consent import (
    ConsentInvalid,
    ConsentRefused,
    consent_form_open,
    consent_link,
    consent_sign,
    consent_token,
)
from leads.models import Appointment, ConsentForm, ConsentKind, ConsentQuestion, Lead, StudioSettings
from leads.selectors import consent_missing
from tests.parallel import run_parallel

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
START = NOW + timedelta(days=2)


def make_form(make_lead: Callable[..., Lead], *, start: datetime = START, **fields: Any) -> ConsentForm:
    lead = make_lead(status="booked")
    appointment = Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3))
    return ConsentForm.objects.create(lead=lead, appointment=appointment, sent_at=NOW, **fields)


def good_answers() -> dict[int, str]:
    """Every required question answered: "no" to each yes/no, every box ticked, texts left blank."""
    answers = {}
    for question in ConsentQuestion.objects.filter(active=True):
        if question.kind == ConsentKind.YES_NO:
            answers[question.pk] = "no"
        elif question.kind == ConsentKind.CHECKBOX:
            answers[question.pk] = "on"
    return answers


def post_data(answers: dict[int, str], name: str = "Ana Lima") -> dict[str, str]:
    return {**{f"q{pk}": value for pk, value in answers.items()}, "typed_name": name}


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# --- the seeded questions and the studio's lead time ---------------------------------------------------


@pytest.mark.django_db
def test_the_seeded_questions_cover_health_age_and_aftercare() -> None:
    questions = list(ConsentQuestion.objects.all())
    texts = " ".join(q.text.lower() for q in questions)
    for topic in ("allergies", "skin condition", "blood thinners", "pregnant", "18 or older", "aftercare"):
        assert topic in texts, topic
    assert [q.position for q in questions] == sorted(q.position for q in questions)
    kinds = {q.text.split()[0]: q.kind for q in questions}
    assert kinds["Do"] == ConsentKind.YES_NO
    must_tick = [q for q in questions if q.kind == ConsentKind.CHECKBOX]
    assert all(q.required for q in must_tick)
    assert len(must_tick) >= 2
    assert any(q.kind == ConsentKind.TEXT and not q.required for q in questions)  # details, if any
    assert StudioSettings.load().consent_lead_hours == 48


# --- the link ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_link_names_one_form_and_cannot_be_altered(make_lead: Callable[..., Lead], clock: Any) -> None:
    form, other = make_form(make_lead), make_form(make_lead, start=START + timedelta(hours=4))
    assert consent_link(form).endswith(f"/consent/{consent_token(form)}")
    assert consent_form_open(token=consent_token(form)).form == form
    forged = consent_token(form).replace(f"{form.pk}:", f"{other.pk}:")
    for bad in (forged, "nonsense", f"{form.pk}", consent_token(form) + "x"):
        with pytest.raises(ConsentRefused) as refused:
            consent_form_open(token=bad)
        assert refused.value.status_code == 404
    gone = consent_token(form)
    form.delete()
    with pytest.raises(ConsentRefused) as refused:
        consent_form_open(token=gone)
    assert refused.value.status_code == 404


@pytest.mark.django_db
def test_the_link_expires_when_the_appointment_ends_or_is_cancelled(make_lead: Callable[..., Lead], clock: Any) -> None:
    form = make_form(make_lead)
    token = consent_token(form)
    clock.move_to(START + timedelta(hours=2, minutes=59))
    assert consent_form_open(token=token).form == form  # still on, during the session
    clock.move_to(START + timedelta(hours=3))
    with pytest.raises(ConsentRefused) as refused:
        consent_form_open(token=token)
    assert (refused.value.status_code, refused.value.code) == (410, "consent_link_expired")

    cancelled = make_form(make_lead, start=START + timedelta(days=3))
    Appointment.objects.filter(consent_form=cancelled).update(status="cancelled")
    with pytest.raises(ConsentRefused) as refused:
        consent_form_open(token=consent_token(cancelled))
    assert refused.value.status_code == 410


# --- signing -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signing_freezes_the_answers_with_the_question_text(make_lead: Callable[..., Lead], clock: Any) -> None:
    form = make_form(make_lead)
    allergies = ConsentQuestion.objects.filter(text__icontains="allergies").first()
    details = ConsentQuestion.objects.filter(kind=ConsentKind.TEXT).first()
    assert allergies is not None
    assert details is not None
    answers = {**good_answers(), allergies.pk: "YES", details.pk: "  latex  "}
    outcome, page = consent_sign(
        token=consent_token(form), answers=answers, typed_name="  Ana   Lima ", ip="203.0.113.9", user_agent="Phone"
    )
    assert outcome == "signed"
    form.refresh_from_db()
    assert (form.signed_at, form.typed_name, form.ip, form.user_agent) == (NOW, "Ana Lima", "203.0.113.9", "Phone")
    by_text = {item["question"]: item["answer"] for item in form.answers}
    assert by_text[allergies.text] == "yes"
    assert by_text[details.text] == "latex"
    assert len(form.answers) == ConsentQuestion.objects.filter(active=True).count()
    assert page.signed_on == "2 December 2026, 09:00"

    ConsentQuestion.objects.filter(pk=allergies.pk).update(text="Allergies? (new wording)")
    form.refresh_from_db()
    assert allergies.text in {item["question"] for item in form.answers}  # what the customer read


@pytest.mark.django_db
def test_a_missing_answer_or_name_saves_nothing(make_lead: Callable[..., Lead], clock: Any) -> None:
    form = make_form(make_lead)
    tick = ConsentQuestion.objects.filter(kind=ConsentKind.CHECKBOX).first()
    yes_no = ConsentQuestion.objects.filter(kind=ConsentKind.YES_NO).first()
    assert tick is not None
    assert yes_no is not None
    answers = {**good_answers(), yes_no.pk: "maybe"}
    del answers[tick.pk]
    with pytest.raises(ConsentInvalid) as invalid:
        consent_sign(token=consent_token(form), answers=answers, typed_name=" 1 ", ip="203.0.113.9", user_agent="")
    assert invalid.value.errors == {
        f"q{tick.pk}": "Please tick this box to continue.",
        f"q{yes_no.pk}": "Please answer yes or no.",
        "typed_name": "Please type your full name, in letters.",
    }
    form.refresh_from_db()
    assert (form.signed_at, form.typed_name, form.answers, form.ip) == (None, "", [], None)


@pytest.mark.django_db
def test_a_signed_form_is_never_changed(make_lead: Callable[..., Lead], clock: Any) -> None:
    form = make_form(make_lead)
    token = consent_token(form)
    consent_sign(token=token, answers=good_answers(), typed_name="Ana Lima", ip="203.0.113.9", user_agent="A")
    clock.shift(timedelta(hours=1))
    outcome, page = consent_sign(token=token, answers={}, typed_name="Someone Else", ip="198.51.100.1", user_agent="B")
    assert outcome == "already_signed"
    assert page.questions == []
    form.refresh_from_db()
    assert (form.signed_at, form.typed_name, form.ip) == (NOW, "Ana Lima", "203.0.113.9")


@pytest.mark.django_db
def test_an_expired_link_signs_nothing(make_lead: Callable[..., Lead], clock: Any) -> None:
    form = make_form(make_lead)
    clock.move_to(START + timedelta(hours=4))
    with pytest.raises(ConsentRefused):
        consent_sign(token=consent_token(form), answers=good_answers(), typed_name="Ana", ip="", user_agent="")
    form.refresh_from_db()
    assert form.signed_at is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submits_at_once_sign_once(make_lead: Callable[..., Lead]) -> None:
    form = make_form(make_lead, start=datetime.now(UTC) + timedelta(days=1))
    token, answers = consent_token(form), good_answers()

    def sign(name: str) -> Callable[[], str]:
        return lambda: consent_sign(token=token, answers=answers, typed_name=name, ip="203.0.113.9", user_agent="")[0]

    outcomes = run_parallel([sign("Ana Lima"), sign("Bea Lima"), sign("Cy Lima")])
    assert sorted(outcomes) == ["already_signed", "already_signed", "signed"]
    form.refresh_from_db()
    assert form.signed_at is not None
    assert form.typed_name in {"Ana Lima", "Bea Lima", "Cy Lima"}


# --- the selector ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_consent_missing_lists_unsigned_appointments_soon(make_lead: Callable[..., Lead]) -> None:
    unsigned = make_form(make_lead)
    signed = make_form(make_lead, start=START + timedelta(hours=4), signed_at=NOW)
    no_form_lead = make_lead(status="booked")
    no_form = Appointment.objects.create(
        lead=no_form_lead, start=START + timedelta(hours=8), end=START + timedelta(hours=9)
    )
    later = make_form(make_lead, start=START + timedelta(days=5))
    found = list(consent_missing(now=NOW, within=timedelta(hours=72)))
    assert found == [unsigned.appointment, no_form]
    assert signed.appointment not in found
    assert later.appointment not in found


# --- the page -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestPage:
    def test_get_shows_every_question_on_a_phone_sized_page(self, make_lead: Any, client: Client, clock: Any) -> None:
        form = make_form(make_lead)
        response = client.get(f"/consent/{consent_token(form)}")
        assert response.status_code == 200
        html = response.content.decode()
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert "csrfmiddlewaretoken" in html
        for question in ConsentQuestion.objects.filter(active=True):
            assert f'name="q{question.pk}"' in html
        assert "http://" not in html.split("<body>")[0]
        assert "https://" not in html
        assert "Fri 4 Dec, 09:00–12:00" in html

    def test_post_with_errors_shows_them_beside_each_question_and_saves_nothing(
        self, make_lead: Any, client: Client, clock: Any
    ) -> None:
        form = make_form(make_lead)
        tick = ConsentQuestion.objects.filter(kind=ConsentKind.CHECKBOX).first()
        assert tick is not None
        answers = good_answers()
        del answers[tick.pk]
        response = client.post(f"/consent/{consent_token(form)}", post_data(answers, name=""))
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<p class="error" id="q{tick.pk}-error">Please tick this box to continue.</p>' in html
        assert '<p class="error" id="typed_name-error">Please type your full name to sign.</p>' in html
        assert html.count('class="error"') == 2
        assert 'value="no" checked' in html  # what the customer answered is kept
        form.refresh_from_db()
        assert form.signed_at is None
        assert form.answers == []

    def test_post_valid_signs_with_answers_name_time_and_ip(
        self, make_lead: Any, client: Client, clock: Any, settings: Any
    ) -> None:
        settings.TRUSTED_PROXIES = ["10.0.0.2"]
        form = make_form(make_lead)
        response = client.post(
            f"/consent/{consent_token(form)}",
            post_data(good_answers()),
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.50, 10.0.0.2",
            HTTP_USER_AGENT="Mozilla/5.0 (iPhone)",
        )
        assert response.status_code == 200
        assert "Your consent form is signed" in response.content.decode()
        form.refresh_from_db()
        assert (form.signed_at, form.typed_name, form.ip) == (NOW, "Ana Lima", "203.0.113.50")
        assert form.user_agent == "Mozilla/5.0 (iPhone)"
        assert len(form.answers) == ConsentQuestion.objects.filter(active=True).count()

        again = client.get(f"/consent/{consent_token(form)}")
        assert "This form was already signed on 2 December 2026, 09:00." in again.content.decode()
        client.post(f"/consent/{consent_token(form)}", post_data({}, name="Someone Else"))
        form.refresh_from_db()
        assert form.typed_name == "Ana Lima"

    def test_a_bad_token_is_404_and_an_expired_one_410(self, make_lead: Any, client: Client, clock: Any) -> None:
        form = make_form(make_lead)
        unknown = client.get("/consent/not-a-token")
        assert unknown.status_code == 404
        assert "This link does not work" in unknown.content.decode()  # a page for the customer, not JSON
        assert client.post("/consent/12:forged", post_data(good_answers())).status_code == 404
        clock.move_to(START + timedelta(hours=5))
        response = client.post(f"/consent/{consent_token(form)}", post_data(good_answers()))
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        form.refresh_from_db()
        assert form.signed_at is None
        assert client.put(f"/consent/{consent_token(form)}").status_code == 405

    def test_csrf_is_enforced(self, make_lead: Any, clock: Any) -> None:
        form = make_form(make_lead)
        browser = Client(enforce_csrf_checks=True)
        url = f"/consent/{consent_token(form)}"
        assert browser.post(url, post_data(good_answers())).status_code == 403
        form.refresh_from_db()
        assert form.signed_at is None
        browser.get(url)
        token = browser.cookies["csrftoken"].value
        assert browser.post(url, {**post_data(good_answers()), "csrfmiddlewaretoken": token}).status_code == 200
        form.refresh_from_db()
        assert form.signed_at == NOW
