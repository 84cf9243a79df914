"""Real-world phrasings of tattoo enquiries, labelled with what the front desk must find in each.

Collected from the shapes first messages and answers take on WhatsApp: openers
that carry the whole enquiry, bundles, answers to one question, questions,
corrections, and look-alikes that must not match ("human skull with roses" is
an idea; "A small dragon" is not a size). Used by the extractor's table test
and by ``bench/frontdesk``.

Each row: the message, then what must be found — ``size`` "WxH" in cm,
``money`` (min, max) in major units (None for an open bound), ``city``,
``placement``, ``style``, ``availability`` — and nothing else; ``idea`` is the
leftover when given (``NO_IDEA``: the leftover describes no idea); ``asks``
whether the message asks something; ``fix`` whether it is a correction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from conversations.policy.extract import Found

NO_IDEA = ""
ANY = None


@dataclass(frozen=True)
class Phrasing:
    text: str
    found: dict[str, Any] = field(default_factory=dict)
    idea: str | None = ANY
    asks: bool = False
    fix: bool = False


def shown(found: Found) -> Any:
    """A found answer in the table's terms: "WxH", (min, max) in major units, the city's name, the words."""
    value = found.value
    if found.field == "size":
        return f"{_cm(value.width_cm)}x{_cm(value.height_cm)}"
    if found.field == "money":
        return tuple(None if minor is None else minor // 100 for minor in (value.min_minor, value.max_minor))
    if found.field == "city":
        return value.city
    return value


def _cm(value: Decimal) -> str:
    return f"{value.normalize():f}"


def p(text: str, *, idea: str | None = ANY, asks: bool = False, fix: bool = False, **found: Any) -> Phrasing:
    return Phrasing(text, found, idea, asks, fix)


OPENERS = [
    p("Hi, how much for a small tattoo on my wrist?", placement="wrist", asks=True, idea=NO_IDEA),
    p(
        "Hello! I'd like a fine line rose on my ankle, about 5x5cm, budget £200. I'm in London",
        size="5x5",
        money=(200, 200),
        city="London",
        placement="ankle",
        style="fine line",
        idea="a fine line rose on my ankle",
    ),
    p("Hi! I'd love a tattoo", idea=NO_IDEA),
    p("hello", idea=NO_IDEA),
    p("Hiya 👋", idea=NO_IDEA),
    p("Good morning, are you taking bookings?", asks=True, idea=NO_IDEA),
    p("Hey, do you have any availability in March?", asks=True, idea=NO_IDEA),
    p("Hi there, I want to book a tattoo", idea=NO_IDEA),
    p(
        "Hi! Looking to get a traditional swallow on my forearm",
        placement="forearm",
        style="traditional",
        idea="a traditional swallow on my forearm",
    ),
    p(
        "hey looking for a blackwork sleeve, I'm based in Manchester",
        placement="sleeve",
        style="blackwork",
        city="Manchester",
    ),
    p("Hi, I'm Sam. I want a portrait of my dog", idea="a portrait of my dog"),
    p("Hello, I have a question about pricing", asks=True, idea=NO_IDEA),
    p(
        "hi! I'd like a small butterfly behind my ear, budget around £150",
        placement="behind my ear",
        money=(150, 150),
        idea="a small butterfly behind my ear",
    ),
    p(
        "Hey! Looking to get a traditional swallow on my forearm, 10 x 15 cm. Budget is 400-600. I live in "
        "Manchester and I'm free most weekends",
        size="10x15",
        money=(400, 600),
        city="Manchester",
        placement="forearm",
        style="traditional",
        availability="I'm free most weekends",
    ),
    p(
        "Hi, I want a geometric wolf on my upper arm, roughly 12x12cm",
        size="12x12",
        placement="upper arm",
        style="geometric",
        idea="a geometric wolf on my upper arm",
    ),
    p(
        "Hello! Would love a watercolour hummingbird on my shoulder blade, budget £300",
        money=(300, 300),
        placement="shoulder blade",
        style="watercolour",
    ),
    p("hi i want my daughters name in script on my wrist", placement="wrist", style="script"),
    p("Hi! I'm from Bristol and I'd like a small sun on my finger", city="Bristol", placement="finger"),
    p("Good evening! Can I get a matching tattoo with my sister? Two small hearts", idea=ANY),
    p("Hi, I'm after a Japanese dragon back piece", style="japanese", placement="back"),
    p("Hey, interested in a cover up of an old tribal on my calf", style="tribal", placement="calf"),
    p("Hello, how much would a half sleeve cost?", placement="half sleeve", asks=True),
    p("hi how much do you charge per hour?", asks=True, idea=NO_IDEA),
    p("Hi, do you do walk ins?", asks=True, idea=NO_IDEA),
    p("Hello! Where is your studio?", asks=True, idea=NO_IDEA),
    p("hi do you do colour work?", asks=True, idea=NO_IDEA),
    p("Hi, what's the deposit?", asks=True, idea=NO_IDEA),
    p("Hey, I'm 17, can I get tattooed with my mum's consent?", asks=True),
    p(
        "Hi! Fine line lettering on my ribs please, something like 3x10cm",
        size="3x10",
        placement="ribs",
        style="fine line, lettering",
    ),
    p(
        "Hello I'd like a realistic lion portrait on my thigh, about 20 x 25 cm, budget 1.5k",
        size="20x25",
        money=(1500, 1500),
        placement="thigh",
        style="realistic",
    ),
    p(
        "Hi there! London based, want a small minimalist wave on my ankle",
        city="London",
        placement="ankle",
        style="minimalist",
    ),
    p("hi, I want a tattoo of a moth", idea="a tattoo of a moth"),
    p(
        "Hi 🙂 I'm thinking of getting a snake wrapping my forearm, black and grey",
        placement="forearm",
        style="black and grey",
    ),
    p("Hello, my budget is around six hundred pounds for a chest piece", money=(600, 600), placement="chest"),
    p("hi, what styles do you do?", asks=True, idea=NO_IDEA),
    p("Hi! Can you do a dotwork mandala on my sternum?", style="dotwork", placement="sternum"),
    p(
        "Hiya, after a neo traditional fox on my calf, 15x10, in Leeds",
        size="15x10",
        style="neo traditional",
        placement="calf",
        city="Leeds",
    ),
    p(
        "Hello, I'm in Brighton, looking for an ornamental piece on my spine",
        city="Brighton",
        style="ornamental",
        placement="spine",
    ),
    p("Hey, is it possible to book for next week?", asks=True, idea=NO_IDEA),
    p("hi there, I need a quote for a tattoo", idea=NO_IDEA),
]

ANSWERS = [
    # sizes
    p("10x15", size="10x15"),
    p("10 x 15 cm", size="10x15"),
    p("about 10 by 15", size="10x15"),
    p("ten by fifteen cm", size="10x15"),
    p("4x6 in", size="10.2x15.2"),
    p("roughly 8cm x 12cm", size="8x12"),
    p("Maybe 7x7?", size="7x7", asks=True),
    p("Is 10x15 too big?", size="10x15", asks=True),
    p("palm sized", idea=ANY),
    p("a big back piece", placement="back"),
    # money
    p("£500", money=(500, 500)),
    p("500 GBP", money=(500, 500)),
    p("€400", money=(400, 400)),
    p("$600", money=(600, 600)),
    p("budget 400-600", money=(400, 600)),
    p("between £400 and £600", money=(400, 600)),
    p("around 4-500 quid", money=(400, 500)),
    p("£5k", money=(5000, 5000)),
    p("£1,200", money=(1200, 1200)),
    p("six hundred pounds", money=(600, 600)),
    p("a grand", money=(1000, 1000)),
    p("a couple of hundred quid", money=(200, 200)),
    p("£1-1.5k", money=(1000, 1500)),
    p("£2000+", money=(2000, None)),
    p("under £500", money=(None, 500)),
    p("no more than 500 pounds", money=(None, 500)),
    p("max £500", money=(None, 500)),
    p("at least £400", money=(400, None)),
    p("happy to spend 300", money=(300, 300)),
    p("budget is flexible", idea=ANY),
    p("I can pay about £350", money=(350, 350)),
    # cities
    p("I'm in London", city="London"),
    p("based in Manchester", city="Manchester"),
    p("from Glasgow", city="Glasgow"),
    p("I live near Bristol", city="Bristol"),
    p("Leeds-based", city="Leeds"),
    p("I'm from Berlin but can travel", city="Berlin"),
    p("I'm in New York City", city="New York City"),
    p("living in Paris at the moment", city="Paris"),
    # placements
    p("on my left forearm", placement="left forearm"),
    p("inner arm", placement="inner arm"),
    p("the back of my neck", placement="back of my neck"),
    p("on the inside of my left wrist", placement="inside of my left wrist"),
    p("a forearm piece", placement="forearm"),
    p("full sleeve", placement="full sleeve"),
    p("on my ribs", placement="ribs"),
    p("behind the ear", placement="behind the ear"),
    p("on my calf", placement="calf"),
    # styles
    p("fine line", style="fine line"),
    p("blackwork", style="blackwork"),
    p("neo-traditional", style="neo-traditional"),
    p("realism please", style="realism"),
    p("something watercolour-ish", style=ANY),
    p("traditional", style="traditional"),
    # availability
    p("weekdays after 2pm", availability="weekdays after 2pm"),
    p("weekends", availability="weekends"),
    p("I'm free on Saturdays", availability="I'm free on Saturdays"),
    p("any time in March", availability="any time in March"),
    p("Mondays and Tuesdays", availability=ANY),
    p("mornings are best", availability="mornings are best"),
    p("I'm flexible", availability=ANY),
    p("anytime really", availability="anytime really"),
    p("Fridays or Saturdays, not before 11am", availability=ANY),
]

BUNDLES = [
    p("a wolf, 10x15, budget £400", size="10x15", money=(400, 400), idea="a wolf"),
    p(
        "rose on my ankle, 5x5cm, £200, London",
        size="5x5",
        money=(200, 200),
        city="London",
        placement="ankle",
        idea="rose on my ankle",
    ),
    p("left forearm, 10x15", size="10x15", idea="left forearm"),
    p("10x15 on my calf", size="10x15", placement="calf"),
    p("about 12x8cm and my budget is £350", size="12x8", money=(350, 350)),
    p("I'm in Leeds, budget around £500", city="Leeds", money=(500, 500)),
    p("£300, I'm from Cardiff", money=(300, 300), city="Cardiff"),
    p("fine line, about 6x6, budget 250", size="6x6", style="fine line", money=(250, 250)),
    p("blackwork on my shin, 20x8 cm", size="20x8", style="blackwork", placement="shin"),
    p(
        "A peony on my hip, budget £400-500, I'm free most weekdays",
        placement="hip",
        money=(400, 500),
        availability="I'm free most weekdays",
    ),
    p("10x10cm for £150?", size="10x10", money=(150, 150), asks=True),
    p("a moth on my sternum, 15x15, I'm near Oxford", size="15x15", placement="sternum", city="Oxford"),
    p(
        "lettering on my collarbone, 2x12cm, budget £150, weekends",
        size="2x12",
        placement="collarbone",
        style="lettering",
        money=(150, 150),
        availability="weekends",
    ),
    p("I'm 25 and my budget is £300", money=(300, 300)),
    p("realism portrait 20x25, 1.2k", size="20x25", style="realism", money=(1200, 1200), idea="realism portrait"),
]

QUESTIONS = [
    p("Do you do colour work?", asks=True, idea=NO_IDEA),
    p("where is your studio?", asks=True, idea=NO_IDEA),
    p("How much is the deposit?", asks=True, idea=NO_IDEA),
    p("what are your opening hours?", asks=True, idea=NO_IDEA),
    p("How long does it take to heal?", asks=True, idea=NO_IDEA),
    p("Can you do cover ups?", asks=True, idea=NO_IDEA),
    p("do you take walk-ins", asks=True, idea=NO_IDEA),
    p("Is there parking nearby?", asks=True, idea=NO_IDEA),
    p("what age do I need to be?", asks=True, idea=NO_IDEA),
    p("Will it hurt on the ribs?", asks=True, placement="ribs"),
    p("Who will do the tattoo?", asks=True, idea=NO_IDEA),
    p("Why do you need my budget?", asks=True, idea=NO_IDEA),
    p("is it ok if I don't know the size yet?", asks=True),
    p("are you open on Sundays?", asks=True),
    p("when could I come in?", asks=True, idea=NO_IDEA),
    p("which styles do you specialise in?", asks=True, idea=NO_IDEA),
    p("quick question, do you do fine line?", asks=True),
    p("I was wondering how much a small piece would be", asks=True, idea=NO_IDEA),
    p("Could you tell me the price for a small one?", asks=True, idea=NO_IDEA),
    p("How much would it cost?", asks=True, idea=NO_IDEA),
    p("any chance of a slot this month?", asks=True),
    p("do I need to bring ID?", asks=True, idea=NO_IDEA),
    p("what's the aftercare like?", asks=True, idea=NO_IDEA),
    p("Is the deposit refundable?", asks=True, idea=NO_IDEA),
    p("have you done script before?", asks=True),
    p("A rose on my wrist. How much would that be?", asks=True, placement="wrist", idea="A rose on my wrist"),
]

CORRECTIONS = [
    p("actually make it 8x8", size="8x8", fix=True),
    p("sorry, I meant £600", money=(600, 600), fix=True),
    p("change the placement to my calf", placement="calf", fix=True),
    p("no wait, Manchester", city="Manchester", fix=True),
    p("Actually I'm in Leeds", city="Leeds", fix=True),
    p("oops I meant 10x12", size="10x12", fix=True),
    p("make it £700", money=(700, 700), fix=True),
    p("sorry, my budget is more like 800 pounds", money=(800, 800), fix=True),
    p("change the size to 15x20", size="15x20", fix=True),
    p("actually on my thigh", placement="thigh", fix=True),
    p("no wait, fine line not blackwork", style=ANY, fix=True),
    p("Correction: budget £450", money=(450, 450), fix=True),
]

LOOK_ALIKES = [
    p("human skull with roses", idea="human skull with roses"),
    p("A small dragon", idea="A small dragon"),
    p("a hand holding a rose", idea="a hand holding a rose"),
    p("snake around the neck of a skull", idea="snake around the neck of a skull"),
    p("a sun and moon", idea="a sun and moon"),
    p("a compass with the coordinates of London", idea=ANY),
    p("my grandad's name and his date of birth 12/05/1941", idea=ANY),
    p("a swallow with a banner", idea="a swallow with a banner"),
    p("three birds flying", idea="three birds flying"),
    p("a heart with 'mum' in it", idea="a heart with 'mum' in it"),
    p("a 2 headed snake", idea="a 2 headed snake"),
    p("Nice!", idea=ANY),
    p("Reading a book, a girl reading under a tree", idea=ANY),
    p("a Japanese koi fish", style="japanese", idea="a Japanese koi fish"),
    p("my dog's paw print", idea="my dog's paw print"),
    p("the number 7 in roman numerals", idea=ANY),
    p("a map of Italy", idea=ANY),
    p("an arm reaching out of water", idea="an arm reaching out of water"),
    p("a face with a tear", idea="a face with a tear"),
    p("an eye in a triangle", idea="an eye in a triangle"),
    p("lyrics from my favourite song", idea="lyrics from my favourite song"),
    p("something small", idea=NO_IDEA),
    p("a tattoo", idea=NO_IDEA),
    p("a rose for my mum's birthday in May", idea=ANY),
    p("I'm 30 years old", idea=ANY),
    p("3 sessions maybe?", asks=True),
    p("a clock showing 10 past 2", idea=ANY),
    p("two swallows facing each other", idea="two swallows facing each other"),
    p("a phoenix rising", idea="a phoenix rising"),
    p("a moon phase line", idea="a moon phase line"),
]

MORE = [
    p("Hi, could I book a consultation?", idea=NO_IDEA),  # a request, not a question
    p("hey! small heart on my finger pls", placement="finger", idea="small heart on my finger"),
    p("Hello, I'm looking for a botanical piece on my forearm, budget £500-700", placement="forearm", money=(500, 700)),
    p("Hiya, I'm in Edinburgh, would love a thistle on my ankle", city="Edinburgh", placement="ankle"),
    p(
        "Hi! Want a geometric stag, 15x15cm, on my back, London",
        size="15x15",
        style="geometric",
        placement="back",
        city="London",
    ),
    p("hi, my budget is £250, something on my wrist", money=(250, 250), placement="wrist"),
    p("Hello, can you tattoo a fine line moon on my collarbone?", style="fine line", placement="collarbone"),
    p("Hi, I live in Liverpool and want an old school anchor", city="Liverpool", style="old school"),
    p("Good afternoon, I'd like a watercolor feather, around 8x15", size="8x15", style="watercolor"),
    p("Hey, how long would a full sleeve take?", asks=True, placement="full sleeve"),
    p("hey can u do a matching tattoo for me and my bf", idea=ANY),
    p("Hi, roughly how much for a palm sized piece?", asks=True),
    p("10cm x 10cm", size="10x10"),
    p("15 by 20 cm please", size="15x20"),
    p("about 3 inches by 4 inches", size="7.6x10.2"),
    p("£400 max", money=(None, 400)),
    p("around 300 quid", money=(300, 300)),
    p("I was thinking £800", money=(800, 800)),
    p("up to a grand", money=(None, 1000)),
    p("I'm near Birmingham", city="Birmingham"),
    p("based out of Dublin", city="Dublin"),
    p("weekends only", availability="weekends only"),
    p("Tuesday or Thursday afternoons", availability=ANY),
    p("any weekday after 5pm", availability="any weekday after 5pm"),
    p("on my outer thigh", placement="outer thigh"),
    p("down my spine", placement="spine"),
    p("on the top of my foot", placement="top of my foot"),
    p("tribal", style="tribal"),
    p("a butterfly with flowers", idea="a butterfly with flowers"),
    p("my son's handprint", idea="my son's handprint"),
    p("a lighthouse on a cliff", idea="a lighthouse on a cliff"),
    p("what do you charge for a small one?", asks=True, idea=NO_IDEA),
    p("do you have any free dates in April?", asks=True),
]

ALL = OPENERS + ANSWERS + BUNDLES + QUESTIONS + CORRECTIONS + LOOK_ALIKES + MORE

# The first held-out set: measured untouched (34 of 36 answers), then its misses fixed and the set
# moved into the table.
SECOND = [
    p(
        "Hi! I'm after a small black and grey rose on my inner wrist, maybe 4x4cm. Budget about £180",
        style="black and grey",
        placement="inner wrist",
        size="4x4",
        money=(180, 180),
    ),
    p("hello, is it possible to get a tattoo on my hand?", asks=True, placement="hand"),
    p("Hey I'd like a memorial piece for my nan on my forearm", placement="forearm"),
    p(
        "Hiya, I'm from Newcastle, how much would a half sleeve be?",
        city="Newcastle upon Tyne",
        asks=True,
        placement="half sleeve",
    ),
    p("Good morning! Do you have anything free in June?", asks=True),
    p("a cherry blossom branch along my collarbone", placement="collarbone"),
    p("maybe 25 by 10 cm", size="25x10"),
    p("about £350-£400", money=(350, 400)),
    p("I'd say around 700 quid", money=(700, 700)),
    p("Around a grand I think", money=(1000, 1000)),
    p("I'm based in Sheffield", city="Sheffield"),
    p("live in Cambridge", city="Cambridge"),
    p("on the back of my calf", placement="back of my calf"),
    p("right shoulder", placement="right shoulder"),
    p("blackwork, quite bold", style="blackwork"),
    p("I like dotwork and geometric stuff", style="dotwork, geometric"),
    p("Saturdays work best for me", availability="Saturdays work best for me"),
    p("any weekend in May", availability="any weekend in May"),
    p("evenings after 6", availability="evenings after 6"),
    p("a wave, a sun and a mountain", idea="a wave, a sun and a mountain"),
    p("a portrait of my cat Luna", idea="a portrait of my cat Luna"),
    p("a bee", idea="a bee"),
    p("How long will the session be?", asks=True),
    p("Can I bring a friend?", asks=True),
    p("do you do touch ups?", asks=True),
    p("whats the price for something palm sized?", asks=True),
    p("sorry I meant my left arm not right", placement="left arm", fix=True),
    p("actually can we do 12x12?", size="12x12", fix=True),
    p("oops, budget is £500 not £300", money=(500, 500), fix=True),
    p(
        "Hello, I want a dragon wrapping around my leg, colour, budget 1k-1.5k, I'm in Bristol",
        placement="leg",
        money=(1000, 1500),
        city="Bristol",
    ),
    p(
        "Hi, I'm in Cardiff and free on weekends, looking for a small script tattoo",
        city="Cardiff",
        availability="free on weekends",
        style="script",
    ),
    p("a heartbeat line with my son's birth date", idea="a heartbeat line with my son's birth date"),
    p("the word 'breathe' in cursive", idea="the word 'breathe' in cursive"),
    p("a skeleton hand holding flowers", idea="a skeleton hand holding flowers"),
    p("an anchor with a rope", idea="an anchor with a rope"),
    p("a crown", idea="a crown"),
    p("Hey! Just wondering if you do cover ups?", asks=True),
    # A question's words are not read for availability; the question is kept for the artist.
    p("I'm in London for work next week, can you fit me in?", asks=True, city="London"),
    p("10 x 20 on my forearm please", size="10x20", placement="forearm"),
    p("budget's around £400", money=(400, 400)),
]

ALL = ALL + SECOND

# Written after the extractor was tuned on ALL, and never tuned against: bench/frontdesk reports both
# sets, so the figures show how the extractor does on messages it has not seen. When a later change
# is tuned on these, move them into the table and write new ones.
HELD_OUT = [
    p("Hey! I'd love a little mushroom on my ankle, maybe 3x4cm?", placement="ankle", size="3x4", asks=True),
    p(
        "Hi, I'm based in Oxford. Looking for a botanical half sleeve in fine line",
        city="Oxford",
        placement="half sleeve",
        style="fine line",
    ),
    p("hello, I'd like to get my first tattoo", idea=NO_IDEA),
    p("Hi! How far in advance are you booked up?", asks=True),
    p(
        "A tiger, traditional style, on my thigh, budget £600-800",
        style="traditional",
        placement="thigh",
        money=(600, 800),
    ),
    p("7 x 9 cm roughly", size="7x9"),
    p("15cm by 20cm", size="15x20"),
    p("around the 300 mark", idea=ANY),
    p("£250 tops", money=(None, 250)),
    p("about 1000 euros", money=(1000, 1000)),
    p("I'm living in Nottingham", city="Nottingham"),
    p("from Belfast originally but live in London now", city="London"),
    p("on my lower back", placement="lower back"),
    p("upper arm, outer side", placement="upper arm"),
    p("across my chest", placement="chest"),
    p("illustrative please", style="illustrative"),
    p("not sure, maybe blackwork?", style="blackwork", asks=True),
    p("Thursdays and Fridays are best", availability=ANY),
    p("any time after 3pm on weekdays", availability="any time after 3pm on weekdays"),
    p("I work weekends so weekdays only", availability=ANY),
    p("a tarot card, the moon", idea="a tarot card, the moon"),
    p("an octopus holding a compass", idea="an octopus holding a compass"),
    p("my late dad's signature", idea="my late dad's signature"),
    p("a small paper plane", idea="a small paper plane"),
    p("Can I pay the deposit by card?", asks=True),
    p("Do you do consultations first?", asks=True),
    p("what should I do before the session?", asks=True),
    p("How old do you have to be?", asks=True),
    p("sorry, I meant my right wrist", placement="right wrist", fix=True),
    p("actually my budget is £900", money=(900, 900), fix=True),
    p(
        "Hi, I'd like a fine line bee on my hand, 2x2cm, £120, I'm in Leeds",
        style="fine line",
        placement="hand",
        size="2x2",
        money=(120, 120),
        city="Leeds",
    ),
    p(
        "hello! tattoo of my kids' names on my forearm in script, budget up to £300",
        placement="forearm",
        style="script",
        money=(None, 300),
    ),
    p("a cat", idea="a cat"),
    p("Hiya", idea=NO_IDEA),
    p("a line drawing of two hands", idea="a line drawing of two hands"),
    p("I'm free most mornings", availability="I'm free most mornings"),
    p("budget of about five hundred", money=(500, 500)),
    p("somewhere around 10 by 10", size="10x10"),
    p("I live near Cardiff, can travel though", city="Cardiff"),
    p("a wolf howling at the moon on my shin", placement="shin"),
]
