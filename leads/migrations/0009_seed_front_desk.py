"""Seed the travel question and the FAQ entries (docs/conversation.md "Questions" and "The travel question")."""

from django.db import migrations

TRAVEL = {
    "kind": "yes_no",
    "prompt": "Could you travel to {home_city} for the session? (YES/NO)",
    "example": "reply YES or NO",
    # Asked only when it applies (the city is not served), so never required of every lead.
    "required": False,
    "active": True,
    "options": [],
}

# topic, triggers, answer (Django template syntax; placeholders from the studio settings)
FAQ = [
    (
        "price",
        "how much\nprice\nprices\npricing\ncost\ncosts\nquote\nrates\nhourly rate\ncharge\nexpensive",
        "There's no price list: every piece is different, so {{ artist }} quotes once they've seen your idea, "
        "its size and placement. To book, a deposit of {{ deposit_range }} secures your date and comes off the "
        "final price.",
    ),
    (
        "deposit",
        "deposit\ndeposits\nupfront\nrefundable\nnon refundable",
        "A deposit of {{ deposit_range }}, depending on the size, secures your date and comes off the final "
        "price. {{ deposit_policy }}",
    ),
    (
        "location",
        "where are you\nwhere is the studio\nwhere is your studio\nwhere's the studio\n"
        "address\nlocation\nlocated\nopening hours\nyour hours\nwhat time do you open\nwhen are you open\nparking",
        "{% if address %}The studio is at {{ address }}.{% else %}The studio is in {{ home_city }}; you get the "
        "full address with your booking confirmation.{% endif %} It works by appointment: {{ hours }}.",
    ),
    (
        "age",
        "how old\nminimum age\nage limit\nunder 18\ni'm 16\ni'm 17\nparental consent\nphoto id\nbring id",
        "You need to be 18 or over to be tattooed, and we ask for photo ID on the day. That holds even with a "
        "parent's consent.",
    ),
    (
        "aftercare",
        "aftercare\nafter care\nheal\nhealing\nlook after\nhow long to heal",
        "You get full aftercare instructions after your session. In short: keep it clean, a thin layer of "
        "unscented balm, and no swimming, sunbeds or picking for two weeks.",
    ),
    (
        "styles",
        "what styles\nwhich styles\nwhat style\nyour style\ncolour work\ncolor work\ncolour\ncolor\nblack and grey\n"
        "black and gray\nrealism\nfine line",
        "{{ artist }} works in most styles, fine line, blackwork, traditional, colour and black & grey among them. "
        "Send a reference and {{ artist }} will say whether it's a good fit.",
    ),
    (
        "walk_ins",
        "walk in\nwalk ins\nwalkin\nwalkins\ndrop in\nsame day",
        "We work by appointment only, so no walk-ins. Answer a few questions here and {{ artist }} will come back "
        "to you with a date.",
    ),
    (
        "cover_ups",
        "cover up\ncover ups\ncoverup\ncoverups\nrework\nreworks\nfix an old",
        "Cover-ups and reworks are possible, depending on the old tattoo. Send a clear photo of it and "
        "{{ artist }} will look before anything is booked.",
    ),
]


def seed(apps, schema_editor):
    Question = apps.get_model("leads", "Question")
    FaqEntry = apps.get_model("leads", "FaqEntry")
    city = Question.objects.filter(key="city").first()
    defaults = dict(TRAVEL)
    defaults["position"] = city.position + 1 if city else 75
    Question.objects.get_or_create(key="travel", defaults=defaults)
    for position, (topic, triggers, answer) in enumerate(FAQ, start=1):
        FaqEntry.objects.get_or_create(
            topic=topic, language="en", defaults={"triggers": triggers, "answer": answer, "position": position * 10}
        )


def unseed(apps, schema_editor):
    apps.get_model("leads", "Question").objects.filter(key="travel").delete()
    apps.get_model("leads", "FaqEntry").objects.filter(topic__in=[topic for topic, _, _ in FAQ]).delete()


class Migration(migrations.Migration):
    dependencies = [("leads", "0008_front_desk")]
    operations = [migrations.RunPython(seed, unseed)]
