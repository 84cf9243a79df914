"""Database helpers the ORM does not offer in one round trip."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar, cast

from django.db import IntegrityError, InterfaceError, OperationalError, connections, router, transaction
from django.db.models import Field, Model
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

T = TypeVar("T")
M = TypeVar("M", bound=Model)


def insert_or_skip(obj: Model) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING pk`` for one unsaved instance.

    True (and ``obj.pk`` set) when the row was written; False when a unique
    constraint already held it (a concurrent writer's uncommitted row makes
    PostgreSQL wait for that transaction, then decide). Unlike ``create()``
    inside ``atomic()`` + ``IntegrityError``, it needs no savepoint, so a
    dedup insert costs one statement. Model ``save()`` overrides and signals
    are not run, as with ``bulk_create``; field defaults and ``auto_now`` are.
    Only a unique clash is skipped; any other failure (NOT NULL, CHECK) raises.
    """
    model = type(obj)
    meta = model._meta
    using = router.db_for_write(model)
    if connections[using].vendor != "postgresql":
        # SQLite (the embedded default) would say INSERT OR IGNORE, which also swallows NOT NULL
        # and CHECK failures: there, a plain insert in a savepoint, a unique clash read as a skip.
        try:
            with transaction.atomic(using=using):
                obj.save(force_insert=True, using=using)
        except IntegrityError as exc:
            if "UNIQUE" not in str(exc).upper():
                raise
            return False
        return True
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


def insert_or_skip_with(obj: Model, follower: Model, *, pk_into: tuple[str, str]) -> bool:
    """``insert_or_skip(obj)`` and, only when ``obj`` was written, ``follower`` inserted in the same
    statement, its JSON field ``pk_into[0]`` carrying ``obj``'s new primary key under the key
    ``pk_into[1]`` (a row and the line that records it: one round trip instead of two). True (and
    both ``pk`` set) when written; False, and nothing written, when ``obj``'s unique key was held.
    As ``insert_or_skip``: no savepoint, no ``save()`` or signals; defaults and ``auto_now`` apply."""
    if connections[router.db_for_write(type(obj))].vendor != "postgresql":
        if not insert_or_skip(obj):
            return False
        json_field, key = pk_into
        setattr(follower, json_field, {**getattr(follower, json_field), key: obj.pk})
        follower.save(force_insert=True)
        return True
    model, using = type(obj), router.db_for_write(type(obj))
    connection = connections[using]
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    fields = [field for field in model._meta.local_concrete_fields if not (field is pk and obj.pk is None)]
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [pk]
    [(first_sql, first_params)] = compiler.as_sql()
    follower_meta = follower._meta
    columns, values, params = [], [], []
    for field in follower_meta.local_concrete_fields:
        if field is follower_meta.pk and follower.pk is None:
            continue
        columns.append(quote(str(field.column)))
        params.append(field.get_db_prep_save(field.pre_save(follower, add=True), connection))
        if field.name == pk_into[0]:
            values.append(f"(CAST(%s AS jsonb) || jsonb_build_object(%s, first.{quote(str(pk.column))}))")
            params.append(pk_into[1])
        else:
            values.append("%s")
    # Only the models' quoted table and column names are interpolated; every value is a parameter.
    sql = (
        f"WITH first AS ({first_sql}), follower AS ("  # noqa: S608
        f"INSERT INTO {quote(follower_meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(values)} FROM first "
        f"RETURNING {quote(str(follower_meta.pk.column))}"
        f") SELECT first.{quote(str(pk.column))}, (SELECT * FROM follower) FROM first"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*first_params, *params])
        row = cursor.fetchone()
    if row is None:
        return False
    for instance, value in ((obj, row[0]), (follower, row[1])):
        instance.pk = value
        instance._state.adding = False
        instance._state.db = using
    json_field, key = pk_into
    setattr(follower, json_field, {**getattr(follower, json_field), key: obj.pk})
    return True


def insert_many_or_skip(objs: list[Model], returning: str) -> list[object]:
    """One ``INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING RETURNING <returning>`` for unsaved
    instances of one model: the ``returning`` values of the rows written (a row whose unique key
    was already stored, or repeated in ``objs``, is skipped). As ``insert_or_skip``, no savepoint,
    no ``save()`` or signals. On SQLite the ORM writes ``INSERT OR IGNORE``, which would also
    swallow NOT NULL and CHECK failures: callers give complete rows."""
    if not objs:
        return []
    model = type(objs[0])
    meta = model._meta
    using = router.db_for_write(model)
    pk = meta.pk
    assert pk is not None
    fields = [field for field in meta.local_concrete_fields if field is not pk]
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, objs)
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [meta.get_field(returning)]
    statements = compiler.as_sql()
    values: list[object] = []
    with connections[using].cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            values += [row[0] for row in cursor.fetchall()]
    return values


def checked_by_running(statement: Callable[[], T], *, using: str = "default") -> T:
    """Run ``statement`` (an idempotent write in autocommit) as its own connection health check.

    With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before a request's first query on a kept
    connection: for a request of one statement, half its round trips. Here the statement is run
    without it, and if the kept connection turns out dead (PostgreSQL restarted, the connection
    dropped), it is closed and the statement runs once more on a new one. A statement that
    committed before its connection broke runs again: callers give statements for which that is
    harmless (``INSERT … ON CONFLICT DO NOTHING``). Inside a transaction it runs as is."""
    connection = connections[using]
    if connection.in_atomic_block or connection.connection is None:
        return statement()
    connection.health_check_done = True  # type: ignore[attr-defined]  # Django's flag for this request
    try:
        return statement()
    except (OperationalError, InterfaceError):
        connection.close()
    return statement()


def update_returning(model: type[M], *, where: Mapping[str, object], values: Mapping[str, object]) -> M | None:
    """``UPDATE … SET <values> WHERE <where> RETURNING *``: the updated row as an instance, or None
    when no row matched. One statement where the ORM needs two (``SELECT … FOR UPDATE``, then
    ``UPDATE``); the row is locked for the rest of the transaction as by ``FOR UPDATE``. Only
    equality filters on concrete fields; no ``save()``, no signals, ``auto_now`` not applied (give
    such fields in ``values``). For a ``where`` that matches one row (a unique key)."""
    meta = model._meta
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    sets, params = [], []
    for name, value in values.items():
        field = cast(Field, meta.get_field(name))  # type: ignore[type-arg]
        sets.append(f"{quote(str(field.column))} = %s")
        params.append(field.get_db_prep_save(value, connection))
    conditions = []
    for name, value in where.items():
        field = cast(Field, meta.get_field(name))  # type: ignore[type-arg]
        conditions.append(f"{quote(str(field.column))} = %s")
        params.append(field.get_db_prep_value(value, connection))
    # Only quoted column and table names of the model are interpolated; every value is a parameter.
    sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {' AND '.join(conditions)} RETURNING *"  # noqa: S608
    rows = list(model._default_manager.raw(sql, params, using=using))
    return rows[0] if rows else None
