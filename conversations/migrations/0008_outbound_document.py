from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0007_template_status_held"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboundmessage",
            name="kind",
            field=models.CharField(
                choices=[
                    ("text", "Text"),
                    ("buttons", "reply buttons"),
                    ("list", "List"),
                    ("template", "Template"),
                    ("document", "Document"),
                ],
                default="text",
                max_length=10,
            ),
        ),
    ]
