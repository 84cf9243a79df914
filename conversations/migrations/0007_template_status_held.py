from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0006_transcript_by"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboundmessage",
            name="state",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("delivered", "Delivered"),
                    ("read", "Read"),
                    ("failed", "Failed"),
                    ("held", "Held"),
                ],
                default="queued",
                max_length=10,
            ),
        ),
        migrations.CreateModel(
            name="TemplateStatus",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=512)),
                (
                    "language",
                    models.CharField(help_text="Lower case, '_' between parts: en_gb, en_us, es.", max_length=20),
                ),
                ("template_id", models.CharField(blank=True, max_length=40)),
                (
                    "status",
                    models.CharField(blank=True, help_text="Meta's last event: APPROVED, PAUSED, …", max_length=40),
                ),
                ("reason", models.TextField(blank=True, help_text="What Meta said with the last status event.")),
                ("quality", models.CharField(blank=True, max_length=20)),
                ("category", models.CharField(blank=True, max_length=30)),
                ("usable", models.BooleanField(default=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name_plural": "template statuses",
                "ordering": ["name", "language"],
                "constraints": [models.UniqueConstraint(fields=("name", "language"), name="template_status_unique")],
            },
        ),
    ]
