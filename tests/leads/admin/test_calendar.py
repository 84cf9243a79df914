"""The calendar admin page: weeks and days on the studio's clock (across the clock changes), who
sees whose chair, the working hours the slots come from, links, bad query values, bounded queries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leads.models import Appointment, Artist, Lead, StudioSettings
from tests.conftest import force_status

pytestmark = pytest.mark.django_db
URL = "/admin/leads/lead/calendar/"
NOW = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)  # a Wednesday; the clocks go forward on Sunday 29 March


def staff(username: str, *extra: str) -> User:
    user = User.objects.create_user(username, password=f"pw-{username}-123", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_lead", "change_lead", *extra]))
    return User.objects.get(pk=user.pk)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mia() -> Artist:
    artist = Artist.objects.order_by("pk").first()
    assert artist is not None  # the first artist, from the migration
    artist.user, artist.name = staff("mia"), "Mia"
    artist.save()
    return artist


@pytest.fixture
def kai() -> Artist:
    return Artist.objects.create(name="Kai", user=staff("kai"), position=1)


@pytest.fixture
def manager() -> User:
    return staff("boss", "studio_manager")


@pytest.fixture
def book(make_lead: Callable[..., Lead], make_customer: Callable[..., Any]) -> Callable[..., Appointment]:
    def make(
        start: datetime, artist: Artist, *, hours: float = 2, name: str = "Ana", status: str = "active", **lead: Any
    ) -> Appointment:
        made = make_lead(status="booked", customer=make_customer(profile_name=name), artist=artist, **lead)
        return Appointment.objects.create(
            lead=made, artist=artist, start=start, end=start + timedelta(hours=hours), status=status
        )

    return make


def page(client: Client, query: str = "") -> Any:
    response = client.get(URL + query)
    assert response.status_code == 200, response.content[:500]
    return response


def shown(response: Any) -> dict[date, list[str]]:
    return {day.date: [block.name for block in day.blocks] for day in response.context["days"]}


def test_the_url_has_a_stable_name() -> None:
    assert reverse("admin:leads_calendar") == URL


class TestWeeksAndDays:
    def test_the_default_is_this_week_monday_first_with_today_marked(self, manager: User) -> None:
        response = page(client_for(manager))
        days = response.context["days"]
        assert [d.date for d in days] == [date(2026, 3, 23) + timedelta(days=n) for n in range(7)]
        assert [d.date for d in days if d.today] == [date(2026, 3, 25)]
        assert response.context["asked"].view == "week"
        assert b"cal-today" in response.content

    def test_a_week_across_the_spring_clock_change_is_167_hours_of_london_time(
        self, manager: User, mia: Artist, book: Callable[..., Appointment]
    ) -> None:
        book(datetime(2026, 3, 29, 22, 0, tzinfo=UTC), mia, hours=0.75, name="Sunday Late")  # 23:00 BST Sunday
        book(datetime(2026, 3, 29, 23, 0, tzinfo=UTC), mia, hours=0.75, name="Monday Early")  # 00:00 BST Monday
        week = page(client_for(manager), "?day=2026-03-26")
        assert week.context["range_start"] == datetime(2026, 3, 23, 0, 0, tzinfo=UTC)
        assert week.context["range_end"] == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)
        assert shown(week)[date(2026, 3, 29)] == ["Sunday Late"]
        assert "Monday Early" not in str(shown(week))
        sunday = week.context["days"][6].blocks[0]
        assert sunday.time == "23:00–23:45"
        following = page(client_for(manager), "?day=2026-03-30")
        assert following.context["range_start"] == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)
        assert shown(following)[date(2026, 3, 30)] == ["Monday Early"]
        assert following.context["days"][0].blocks[0].time == "00:00–00:45"

    def test_the_autumn_clock_change_day_is_25_hours_and_keeps_wall_times(
        self, manager: User, mia: Artist, book: Callable[..., Appointment]
    ) -> None:
        book(datetime(2026, 10, 25, 10, 0, tzinfo=UTC), mia, hours=3, name="After The Change")  # 10:00 GMT
        book(datetime(2026, 10, 24, 9, 0, tzinfo=UTC), mia, hours=3, name="Saturday Before")  # 10:00 BST
        day = page(client_for(manager), "?view=day&day=2026-10-25")
        assert [d.date for d in day.context["days"]] == [date(2026, 10, 25)]
        assert day.context["range_start"] == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
        assert day.context["range_end"] == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)
        assert shown(day) == {date(2026, 10, 25): ["After The Change"]}
        week = page(client_for(manager), "?day=2026-10-25")
        assert (week.context["range_start"], week.context["range_end"]) == (
            datetime(2026, 10, 18, 23, 0, tzinfo=UTC),
            datetime(2026, 10, 26, 0, 0, tzinfo=UTC),
        )
        times = {d.date: [b.time for b in d.blocks] for d in week.context["days"]}
        assert times[date(2026, 10, 24)] == times[date(2026, 10, 25)] == ["10:00–13:00"]  # same wall time

    def test_another_studio_time_zone(self, manager: User, mia: Artist, book: Callable[..., Appointment]) -> None:
        StudioSettings.objects.filter(pk=StudioSettings.load().pk).update(timezone="America/New_York")
        book(datetime(2026, 3, 30, 2, 0, tzinfo=UTC), mia, name="Late Sunday")  # 22:00 EDT on Sunday 29
        week = page(client_for(manager), "?day=2026-03-29")
        assert shown(week)[date(2026, 3, 29)] == ["Late Sunday"]
        assert week.context["range_start"] == datetime(2026, 3, 23, 4, 0, tzinfo=UTC)

    def test_previous_next_today_and_the_switch_between_views(self, manager: User) -> None:
        links = page(client_for(manager), "?day=2026-03-26").context["links"]
        assert links["previous"] == "?view=week&day=2026-03-16"
        assert links["next"] == "?view=week&day=2026-03-30"
        assert links["today"] == "?view=week"
        assert links["day"] == "?view=day&day=2026-03-25"  # today, in the week shown
        day_links = page(client_for(manager), "?view=day&day=2026-03-29").context["links"]
        assert (day_links["previous"], day_links["next"]) == ("?view=day&day=2026-03-28", "?view=day&day=2026-03-30")
        assert day_links["week"] == "?view=week&day=2026-03-29"
        followed = page(client_for(manager), links["next"])
        assert followed.context["days"][0].date == date(2026, 3, 30)
        content = followed.content.decode()
        assert 'href="?view=week&amp;day=2026-03-23"' in content  # back again
        assert 'href="?view=day&amp;day=2026-04-01"' in content  # each day's heading opens its day

    @pytest.mark.parametrize(
        "query",
        [
            "?day=banana",
            "?day=2026-02-30",
            "?day=0001-01-01",
            "?day=9999-12-31",
            "?day=2026-03-2%00",
            "?day=" + "9" * 500,
            "?view=month",
            "?view=day&day=20260325",
            "?artist=x",
            "?artist=99999999999999999999",
            "?day=",
        ],
    )
    def test_bad_values_show_this_week_never_an_error(self, manager: User, query: str) -> None:
        response = page(client_for(manager), query)
        assert response.context["days"][0].date == date(2026, 3, 23)
        assert len(response.context["days"]) == 7
        if query not in ("?day=", "?artist=x", "?artist=99999999999999999999"):
            assert response.context["asked"].notice
            assert b'class="cal-notice"' in response.content

    def test_the_last_day_shown_has_no_next_link(self, manager: User) -> None:
        links = page(client_for(manager), "?view=day&day=2100-12-31").context["links"]
        assert links["next"] == ""
        assert links["previous"] == "?view=day&day=2100-12-30"


class TestWhatABlockShows:
    def test_name_idea_time_and_a_link_to_the_lead(
        self, manager: User, mia: Artist, book: Callable[..., Appointment]
    ) -> None:
        appointment = book(
            datetime(2026, 3, 24, 10, 0, tzinfo=UTC), mia, name="Zoe Ink", idea="A swallow on the wrist " * 4
        )
        response = page(client_for(manager))
        (block,) = response.context["days"][1].blocks
        assert (block.name, block.time) == ("Zoe Ink", "10:00–12:00")
        assert block.idea.startswith("A swallow on the wrist")
        assert block.idea.endswith("…")
        assert len(block.idea) == 40
        assert block.url == f"/admin/leads/lead/{appointment.lead_id}/change/"
        assert f'href="{block.url}"' in response.content.decode()

    def test_every_session_of_a_piece_held_moves_and_finished_ones_differ(
        self, manager: User, mia: Artist, book: Callable[..., Appointment]
    ) -> None:
        first = book(datetime(2026, 3, 23, 10, 0, tzinfo=UTC), mia, name="Two Days", status="completed")
        Lead.objects.filter(pk=first.lead_id).update(sessions_planned=2)
        Appointment.objects.create(
            lead=first.lead, artist=mia, session=2, start=datetime(2026, 3, 26, 10, 0, tzinfo=UTC),
            end=datetime(2026, 3, 26, 16, 0, tzinfo=UTC),
        )  # fmt: skip
        held = book(datetime(2026, 3, 24, 13, 0, tzinfo=UTC), mia, name="Moving It")
        force_status(held.lead, "booking_pending")
        book(datetime(2026, 3, 27, 10, 0, tzinfo=UTC), mia, name="Missed", status="no_show")
        for gone in ("released", "cancelled"):
            book(datetime(2026, 3, 25, 10, 0, tzinfo=UTC), mia, name=f"Gone {gone}", status=gone)
        response = page(client_for(manager))
        blocks = {b.name + b.session: b for day in response.context["days"] for b in day.blocks}
        assert set(blocks) == {"Two Dayssession 1 of 2", "Two Dayssession 2 of 2", "Moving It", "Missed"}
        assert blocks["Two Dayssession 1 of 2"].state == "done"
        assert blocks["Two Dayssession 2 of 2"].state == "booked"
        assert blocks["Moving It"].state == "held"
        assert blocks["Missed"].state == "no_show"
        content = response.content.decode()
        assert "cal-held" in content
        assert "held: the customer is moving it" in content

    def test_overlapping_appointments_of_two_artists_sit_side_by_side(
        self, manager: User, mia: Artist, kai: Artist, book: Callable[..., Appointment]
    ) -> None:
        book(datetime(2026, 3, 24, 10, 0, tzinfo=UTC), mia, name="With Mia")
        book(datetime(2026, 3, 24, 11, 0, tzinfo=UTC), kai, name="With Kai")
        tuesday = page(client_for(manager)).context["days"][1]
        assert tuesday.lanes == 2
        assert [b.area.split(" / ")[1] for b in tuesday.blocks] == ["1", "2"]
        assert [b.artist for b in tuesday.blocks] == ["Mia", "Kai"]


class TestWorkingHours:
    def test_the_studio_s_hours_and_an_artist_s_own(self, mia: Artist, kai: Artist, manager: User) -> None:
        days = page(client_for(mia.user)).context["days"]
        assert days[0].hours_label == "10:00–18:00"
        assert days[5].hours_label == "10:00–16:00"
        assert days[6].hours_label == "closed"
        assert days[6].shading == []
        Artist.objects.filter(pk=kai.pk).update(working_hours={"mon": ["12:00", "20:00"], "sun": ["09:00", "11:00"]})
        kai_days = page(client_for(kai.user)).context["days"]
        assert [d.hours_label for d in kai_days] == ["12:00–20:00", *["closed"] * 5, "09:00–11:00"]
        studio = page(client_for(manager)).context["days"]  # every artist's hours together
        assert (studio[0].hours_label, studio[6].hours_label) == ("10:00–20:00", "09:00–11:00")
        chosen = page(client_for(manager), f"?artist={kai.pk}").context["days"]
        assert chosen[0].hours_label == "12:00–20:00"

    def test_the_grid_spans_the_hours_and_reaches_an_appointment_outside_them(
        self, mia: Artist, book: Callable[..., Appointment]
    ) -> None:
        ruler = page(client_for(mia.user)).context["ruler"]
        assert [label for _, label in ruler] == [f"{h:02d}:00" for h in range(10, 18)]
        book(datetime(2026, 3, 24, 19, 30, tzinfo=UTC), mia)  # 19:30–21:30 GMT
        ruler = page(client_for(mia.user)).context["ruler"]
        assert ruler[-1][1] == "21:00"


class TestWhoSeesWhat:
    @pytest.fixture
    def both(self, mia: Artist, kai: Artist, book: Callable[..., Appointment]) -> None:
        book(datetime(2026, 3, 24, 10, 0, tzinfo=UTC), mia, name="Mia Customer")
        book(datetime(2026, 3, 24, 10, 0, tzinfo=UTC), kai, name="Kai Customer")

    @pytest.mark.usefixtures("both")
    def test_an_artist_sees_its_own_chair_only(self, kai: Artist) -> None:
        response = page(client_for(kai.user), "?artist=" + str(Artist.objects.get(name="Mia").pk))
        assert [b.name for d in response.context["days"] for b in d.blocks] == ["Kai Customer"]
        assert response.context["title"] == "Calendar — Kai"
        assert response.context["artists"] == []  # no filter to offer
        assert b"Mia Customer" not in response.content

    @pytest.mark.usefixtures("both")
    def test_a_manager_sees_every_artist_told_apart_and_can_filter(self, manager: User, kai: Artist) -> None:
        response = page(client_for(manager))
        blocks = [b for d in response.context["days"] for b in d.blocks]
        assert sorted((b.name, b.artist) for b in blocks) == [("Kai Customer", "Kai"), ("Mia Customer", "Mia")]
        assert len({b.colour for b in blocks}) == 2
        assert [name for name, _ in response.context["legend"]] == ["Mia", "Kai"]
        assert b'<select name="artist"' in response.content
        only_kai = page(client_for(manager), f"?artist={kai.pk}")
        assert [b.name for d in only_kai.context["days"] for b in d.blocks] == ["Kai Customer"]
        assert only_kai.context["links"]["next"] == f"?view=week&artist={kai.pk}&day=2026-03-30"

    def test_one_artist_studio_has_no_filter_and_no_names(
        self, manager: User, mia: Artist, book: Callable[..., Appointment]
    ) -> None:
        book(datetime(2026, 3, 24, 10, 0, tzinfo=UTC), mia)
        response = page(client_for(manager))
        assert response.context["artists"] == []
        assert response.context["legend"] == []
        assert [b.artist for d in response.context["days"] for b in d.blocks] == [""]

    def test_not_staff_goes_to_the_login_and_staff_without_leads_is_refused(self) -> None:
        for user in (None, User.objects.create_user("someone", password="pw-someone-123")):
            response = client_for(user).get(URL)
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/?next=/admin/leads/lead/calendar/")
        bare = User.objects.create_user("bare", password="pw-bare-123", is_staff=True)
        assert client_for(bare).get(URL).status_code == 403


def test_queries_do_not_grow_with_the_appointments(manager: User, mia: Artist, kai: Artist, make_lead: Any) -> None:
    artists = [mia, kai, Artist.objects.create(name="Rue", position=2)]
    monday = datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    rows = []
    for n in range(300):  # five weeks, three artists, three a day each; one lead holds ten sessions
        artist, slot, day = artists[n % 3], (n // 3) % 3, n // 9
        if n % 10 == 0:
            lead = make_lead(status="booked", artist=artist, idea=f"piece {n}")
        start = monday + timedelta(days=day, hours=3 * slot)
        status = "active" if n % 10 == 9 else "completed"
        end = start + timedelta(hours=2)
        rows.append(Appointment(lead=lead, artist=lead.artist, start=start, end=end, status=status))
    Appointment.objects.bulk_create(rows)
    client = client_for(manager)
    page(client, "?day=2026-03-23")  # warm the session

    def count(query: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = page(client, query)
        return len(queries), sum(len(d.blocks) for d in response.context["days"])

    empty, busy, other = count("?day=2026-03-23"), count("?day=2026-04-01"), count("?day=2026-04-15")
    assert empty[1] == 0
    assert busy[1] >= 60
    assert other[1] >= 60
    assert empty[0] == busy[0] == other[0] <= 10
