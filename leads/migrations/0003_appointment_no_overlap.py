"""On PostgreSQL, active appointments may never overlap: an exclusion constraint.

SQLite has no exclusion constraints; there the booking service checks for an
overlap inside its (IMMEDIATE, so serialised) transaction.
"""

from django.db import migrations

CREATE = """
ALTER TABLE leads_appointment
ADD CONSTRAINT appointment_no_overlap
EXCLUDE USING gist (tstzrange("start", "end", '[)') WITH &&)
WHERE (status = 'active')
"""
DROP = "ALTER TABLE leads_appointment DROP CONSTRAINT IF EXISTS appointment_no_overlap"


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("leads", "0002_seed_defaults")]
    operations = [migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP))]
