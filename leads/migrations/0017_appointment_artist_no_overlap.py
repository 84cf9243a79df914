"""Every appointment is an artist's, and on PostgreSQL one artist's active appointments may never
overlap (two artists' may): the exclusion constraint of 0003 gains the artist, with ``btree_gist``
for the equality on the artist in a GiST index. SQLite has no exclusion constraints; there the
booking service checks inside its (serialised) transaction.
"""

import django.db.models.deletion
from django.db import migrations, models

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE leads_appointment DROP CONSTRAINT IF EXISTS appointment_no_overlap",
    """
    ALTER TABLE leads_appointment
    ADD CONSTRAINT appointment_no_overlap
    EXCLUDE USING gist (artist_id WITH =, tstzrange("start", "end", '[)') WITH &&)
    WHERE (status = 'active')
    """,
]
DROP = [
    "ALTER TABLE leads_appointment DROP CONSTRAINT IF EXISTS appointment_no_overlap",
    """
    ALTER TABLE leads_appointment
    ADD CONSTRAINT appointment_no_overlap
    EXCLUDE USING gist (tstzrange("start", "end", '[)') WITH &&)
    WHERE (status = 'active')
    """,
]


def _on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("leads", "0016_seed_first_artist")]
    operations = [
        migrations.AlterField(
            model_name="appointment",
            name="artist",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="appointments", to="leads.artist"
            ),
        ),
        migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP)),
    ]
