"""On PostgreSQL, trigram indexes for the admin's lead search (phone and name, README.md).

Django's admin searches with ``UPPER(column) LIKE UPPER('%term%')``; a GIN
index over ``upper(column) gin_trgm_ops`` answers that without reading every
customer (bench/admin_list.py: 388 ms → see docs/performance.md for 100,000
leads). ``pg_trgm`` ships with PostgreSQL and is a trusted extension from
PostgreSQL 13, so the database owner may create it. Where it cannot be
created, the search still works, unindexed. SQLite (the embedded default)
has no such index and needs none at its size.
"""

from django.db import migrations

INDEXES = {
    "customer_name_trgm": "CREATE INDEX IF NOT EXISTS customer_name_trgm ON leads_customer "
    "USING gin (upper(profile_name) gin_trgm_ops)",
    "customer_wa_id_trgm": "CREATE INDEX IF NOT EXISTS customer_wa_id_trgm ON leads_customer "
    "USING gin (upper(wa_id) gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SAVEPOINT trgm")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # no privilege: keep the unindexed search
            cursor.execute("ROLLBACK TO SAVEPOINT trgm")
            return
        for sql in INDEXES.values():
            cursor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("leads", "0006_lead_sheet_synced_at")]
    operations = [migrations.RunPython(create, drop)]
