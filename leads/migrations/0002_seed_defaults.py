"""Seed the question set (docs/conversation.md) and the studio-settings singleton (README.md)."""

from django.db import migrations

QUESTIONS = [
    # key, kind, prompt, example, required, active, options
    (
        "idea",
        "text",
        "What would you like tattooed? Tell me about your idea.",
        "e.g. a fine-line swallow with a banner",
        True,
        True,
        [],
    ),
    ("placement", "text", "Where on your body would it go?", "e.g. left forearm, outer side", True, True, []),
    ("size", "size", "Roughly how big, width × height? (cm or inches)", "e.g. 10x15 cm or 4x6 in", True, True, []),
    (
        "style",
        "text",
        "Which style are you after? (or SKIP if unsure)",
        "e.g. blackwork, fine line, neo-traditional",
        True,
        True,
        [],
    ),
    (
        "references",
        "media",
        "Please send a reference image, or reply SKIP.",
        "send a photo, or reply SKIP",
        True,
        True,
        [],
    ),
    ("budget", "money", "What's your budget?", "e.g. £500, or 400-600", True, True, []),
    ("city", "city", "Which city are you based in?", "e.g. London, Manchester or Berlin", True, True, []),
    (
        "availability",
        "text",
        "When are you usually free? (days, times, dates to avoid)",
        "e.g. weekdays after 2pm",
        True,
        True,
        [],
    ),
    (
        "complexity",
        "choice",
        "How detailed is the design?",
        "reply 1, 2 or 3",
        True,
        False,
        [{"id": "1", "title": "Simple"}, {"id": "2", "title": "Medium"}, {"id": "3", "title": "Realism"}],
    ),
    (
        "coverup",
        "yes_no",
        "Is this covering up or reworking an existing tattoo? (YES/NO)",
        "reply YES or NO",
        True,
        False,
        [],
    ),
    ("instagram", "handle", "What's your Instagram handle? (optional, or SKIP)", "e.g. @yourname", False, False, []),
]


def seed(apps, schema_editor):
    Question = apps.get_model("leads", "Question")
    StudioSettings = apps.get_model("leads", "StudioSettings")
    for position, (key, kind, prompt, example, required, active, options) in enumerate(QUESTIONS, start=1):
        Question.objects.get_or_create(
            key=key,
            defaults={
                "kind": kind,
                "prompt": prompt,
                "example": example,
                "required": required,
                "active": active,
                "options": options,
                "position": position * 10,
            },
        )
    StudioSettings.objects.get_or_create(pk=1)


def unseed(apps, schema_editor):
    apps.get_model("leads", "Question").objects.filter(key__in=[q[0] for q in QUESTIONS]).delete()
    apps.get_model("leads", "StudioSettings").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("leads", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
