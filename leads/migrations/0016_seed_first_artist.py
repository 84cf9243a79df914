"""The first artist, from the studio settings (its name), and every existing lead and appointment
given to it: an upgraded single-artist install behaves as before (docs/artists.md).

The number and the calendar are left blank, so they stay ``ARTIST_WHATSAPP_NUMBER`` and
``GOOGLE_CALENDAR_ID`` as configured at run time, not as they were when this migration ran.
"""

from django.db import migrations


def seed(apps, schema_editor):
    Artist = apps.get_model("leads", "Artist")
    StudioSettings = apps.get_model("leads", "StudioSettings")
    first = Artist.objects.order_by("position", "id").first()
    if first is None:
        studio, _ = StudioSettings.objects.get_or_create(pk=1)
        first = Artist.objects.create(name=studio.artist_name or "The Artist", position=0)
        if studio.artist_last_inbound_at:
            first.last_inbound_at = studio.artist_last_inbound_at
            first.save(update_fields=["last_inbound_at"])
    apps.get_model("leads", "Lead").objects.filter(artist=None).update(artist=first)
    apps.get_model("leads", "Appointment").objects.filter(artist=None).update(artist=first)


def unseed(apps, schema_editor):
    apps.get_model("leads", "Appointment").objects.update(artist=None)
    apps.get_model("leads", "Lead").objects.update(artist=None)
    apps.get_model("leads", "Artist").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("leads", "0015_artists")]
    operations = [migrations.RunPython(seed, unseed)]
