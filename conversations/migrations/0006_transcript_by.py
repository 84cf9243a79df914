from django.db import migrations, models
from django.db.models import Q


def authors(apps, schema_editor):
    """Lines written before the field: the customer's inbound, the artist's admin messages, the bot's rest."""
    line = apps.get_model("conversations", "TranscriptMessage")
    line.objects.filter(direction="in").update(by="customer")
    line.objects.filter(Q(direction="out") & Q(payload__purpose="artist_message")).update(by="artist")


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0005_outbound_to_user_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="transcriptmessage",
            name="by",
            field=models.CharField(
                choices=[("customer", "Customer"), ("bot", "Bot"), ("artist", "Artist")], default="bot", max_length=8
            ),
        ),
        migrations.RunPython(authors, migrations.RunPython.noop),
    ]
