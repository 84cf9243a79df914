from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0008_outbound_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="referencemedia",
            name="healed",
            field=models.BooleanField(default=False, help_text="The customer's photo of the healed piece."),
        ),
    ]
