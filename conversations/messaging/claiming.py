"""Claiming a recipient's run of outbound rows (docs/sending.md "Claims"): in order, never two workers.

A run is the head of the recipient's queue and the rows right after it, up to
``limit``, that are ours to send now: each due, not in flight in another worker
(a ``sending`` row is taken again only once its claim is stale), and not locked
by another claimer at this moment (``FOR UPDATE SKIP LOCKED``). The run stops at
the first row that is not, so nothing overtakes it. The claim writes
``sending``, counts the attempt and stamps ``claimed_at``, and commits before
any provider call.

On PostgreSQL the whole claim is one statement in autocommit (the queue's head,
the lock, the prefix of rows that may go, the update and the rows with their
customers returned); elsewhere (SQLite, the embedded default, whose writers are
serial) the same rules in three ORM statements in a transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import F, Field, Q
from django.db.models.options import Options
from django.utils import timezone

from conversations.models import EarlyStatus, OutboundMessage, OutboundState
from leads.models import Customer

PENDING = (OutboundState.QUEUED, OutboundState.SENDING)
STALE_CLAIM = timedelta(minutes=10)


def claim_run(to: str, limit: int) -> list[OutboundMessage]:
    """Claim the recipient's oldest pending rows, up to ``limit``, in order; each with its customer."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        return _claim_in_one_statement(to, limit, now)
    return _claim_with_the_orm(to, limit, now)


def release(run: list[OutboundMessage]) -> None:
    """Give back claimed rows that were not tried (the row before them stopped the run)."""
    if run:
        OutboundMessage.objects.filter(pk__in=[row.pk for row in run], state=OutboundState.SENDING).update(
            state=OutboundState.QUEUED, attempts=F("attempts") - 1
        )


@cache
def _claim_sql() -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The claim statement and the attnames of the outbound and customer columns it returns, in order.

    ``head``: the queue's first ``limit`` pending rows (a row scheduled for later and never claimed
    is not in line; a retry or a row held back by the pair limit keeps its place). ``locked``: those
    this claimer can lock now, with whether each may go, judged on the row as locked (a row another
    worker claimed and committed since this statement began is seen as ``sending``). ``run``: the
    head's prefix in which every row is locked and may go. Built once from the models' own table and
    column names."""
    q = connection.ops.quote_name
    out, cust = OutboundMessage._meta, Customer._meta
    out_fields, cust_fields = list(out.concrete_fields), list(cust.concrete_fields)
    t = q(out.db_table)
    col = {f.name: q(str(f.column)) for f in out_fields}
    returning = ", ".join(
        [f"o.{q(str(f.column))}" for f in out_fields] + [f"c.{q(str(f.column))}" for f in cust_fields]
    )
    sql = f"""
        WITH head AS MATERIALIZED (
            SELECT {col["id"]} AS id, {col["customer"]} AS customer_id FROM {t}
            WHERE {col["to"]} = %(to)s AND {col["state"]} IN ('queued', 'sending')
              AND ({col["due_at"]} <= %(now)s OR {col["attempts"]} > 0 OR {col["claimed_at"]} IS NOT NULL)
            ORDER BY {col["id"]} LIMIT %(limit)s
        ), locked AS MATERIALIZED (
            SELECT l.{col["id"]} AS id,
                   (l.{col["due_at"]} <= %(now)s AND (l.{col["state"]} = 'queued'
                    OR l.{col["claimed_at"]} IS NULL OR l.{col["claimed_at"]} < %(stale)s)) AS may_go
            FROM {t} l WHERE l.{col["id"]} IN (SELECT id FROM head) AND l.{col["state"]} IN ('queued', 'sending')
            FOR UPDATE OF l SKIP LOCKED
        ), run AS MATERIALIZED (
            SELECT id, customer_id FROM (
                SELECT head.id, head.customer_id,
                       bool_and(COALESCE(locked.may_go, false)) OVER (ORDER BY head.id) AS in_prefix
                FROM head LEFT JOIN locked ON locked.id = head.id
            ) AS ordered WHERE in_prefix
        )
        UPDATE {t} o SET {col["state"]} = 'sending', {col["attempts"]} = o.{col["attempts"]} + 1,
                         {col["claimed_at"]} = %(now)s
        FROM run LEFT JOIN {q(cust.db_table)} c ON c.{q(str(cust.pk.column))} = run.customer_id
        WHERE o.{col["id"]} = run.id
        RETURNING {returning}
    """  # noqa: S608 (only the models' quoted table and column names are interpolated)
    return sql, tuple(f.attname for f in out_fields), tuple(f.attname for f in cust_fields)


def _claim_in_one_statement(to: str, limit: int, now: datetime) -> list[OutboundMessage]:
    sql, out_names, cust_names = _claim_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, {"to": to, "now": now, "limit": limit, "stale": now - STALE_CLAIM})
        rows = cursor.fetchall()
    run: list[OutboundMessage] = []
    split = len(out_names)
    for values in rows:
        values = _converted(values)
        message = OutboundMessage.from_db(connection.alias, out_names, values[:split])
        if message.customer_id is not None:
            message.customer = Customer.from_db(connection.alias, cust_names, values[split:])
        run.append(message)
    run.sort(key=lambda row: row.pk)
    return run


def _converted(values: tuple[object, ...]) -> list[object]:
    """The fields' own conversions from database values (JSON text to objects), as the ORM applies."""
    converted = list(values)
    for position, field, converters in _converters():
        value = converted[position]
        for convert in converters:
            value = convert(value, field, connection)
        converted[position] = value
    return converted


@cache
def _converters() -> list[tuple[int, Any, list[Any]]]:
    fields = [*OutboundMessage._meta.concrete_fields, *Customer._meta.concrete_fields]
    found = []
    for position, field in enumerate(fields):
        col = field.get_col(field.model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
        if converters:
            found.append((position, col, converters))
    return found


def _claim_with_the_orm(to: str, limit: int, now: datetime) -> list[OutboundMessage]:
    ids = list(
        OutboundMessage.objects.filter(to=to, state__in=PENDING)
        .filter(Q(due_at__lte=now) | Q(attempts__gt=0) | Q(claimed_at__isnull=False))
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    if not ids:
        return []
    with transaction.atomic():
        locked = {
            row.pk: row
            for row in OutboundMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("customer")
            .filter(pk__in=ids, state__in=PENDING)
        }
        run: list[OutboundMessage] = []
        for pk in ids:
            row = locked.get(pk)
            if row is None or row.due_at > now:
                break  # another worker is claiming it, or it waits for its retry
            stale = row.state == OutboundState.SENDING and (
                row.claimed_at is None or row.claimed_at < now - STALE_CLAIM
            )
            if row.state == OutboundState.SENDING and not stale:
                break  # in flight in another worker
            run.append(row)
        if run:
            OutboundMessage.objects.filter(pk__in=[row.pk for row in run]).update(
                state=OutboundState.SENDING, attempts=F("attempts") + 1, claimed_at=now
            )
        for row in run:
            row.state, row.attempts, row.claimed_at = OutboundState.SENDING, row.attempts + 1, now
        return run


def mark_sent(message: OutboundMessage, fields: dict[str, object]) -> bool:
    """End the claim of a row Meta accepted: write ``fields`` (``sent``, the wamid) while the row is
    still ``sending``, so still ours; whether statuses for that wamid came before this write (they
    wait as ``EarlyStatus`` rows for the caller to apply). One statement on PostgreSQL."""
    wamid = str(fields["wamid"])
    if connection.vendor != "postgresql":
        OutboundMessage.objects.filter(pk=message.pk, state=OutboundState.SENDING).update(**fields)
        return EarlyStatus.objects.filter(wamid=wamid).exists()
    q = connection.ops.quote_name
    meta, early = OutboundMessage._meta, EarlyStatus._meta

    def column(model_meta: Options[Any], name: str) -> str:
        return q(str(cast(Field, model_meta.get_field(name)).column))  # type: ignore[type-arg]

    sets = ", ".join(f"{column(meta, name)} = %s" for name in fields)
    params = [cast(Field, meta.get_field(name)).get_db_prep_save(value, connection) for name, value in fields.items()]  # type: ignore[type-arg]
    sql = (
        f"UPDATE {q(meta.db_table)} SET {sets} "  # noqa: S608 (quoted model names only; values are parameters)
        f"WHERE {column(meta, 'id')} = %s AND {column(meta, 'state')} = %s "
        f"RETURNING EXISTS (SELECT 1 FROM {q(early.db_table)} WHERE {column(early, 'wamid')} = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, message.pk, OutboundState.SENDING, wamid])
        row = cursor.fetchone()
    return bool(row and row[0])
