"""Database helpers the ORM does not offer in one round trip."""

from __future__ import annotations

from django.db import connections, router
from django.db.models import Model
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery


def insert_or_skip(obj: Model) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING pk`` for one unsaved instance.

    True (and ``obj.pk`` set) when the row was written; False when a unique
    constraint already held it (a concurrent writer's uncommitted row makes
    PostgreSQL wait for that transaction, then decide). Unlike ``create()``
    inside ``atomic()`` + ``IntegrityError``, it needs no savepoint, so a
    dedup insert costs one statement. Model ``save()`` overrides and signals
    are not run, as with ``bulk_create``; field defaults and ``auto_now`` are.
    """
    model = type(obj)
    meta = model._meta
    using = router.db_for_write(model)
    pk = meta.pk
    assert pk is not None
    fields = [field for field in meta.local_concrete_fields if not (field is pk and obj.pk is None)]
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [pk]
    [(sql, params)] = compiler.as_sql()
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = using
    return True
