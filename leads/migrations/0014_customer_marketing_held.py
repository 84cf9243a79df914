from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0013_customer_artist_wrote_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="customer",
            name="has_held",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="customer",
            name="marketing_changed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="customer",
            name="marketing_opted_out",
            field=models.BooleanField(
                default=False,
                help_text="The customer stopped marketing messages in WhatsApp (Meta's user_preferences).",
            ),
        ),
    ]
