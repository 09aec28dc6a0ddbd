"""A new registration on PostgreSQL: one statement, one round trip, its own transaction.

The statement takes a place of the registration type with a conditional
UPDATE (``… WHERE seats_taken < capacity``), then, only if it got one, a place
in each chosen sub-forum; it inserts the registration as *pending* or
*waitlisted* accordingly (or not at all when the type is full and has no
waiting list), one choice per sub-forum, confirmed or waitlisted, and the
registration's first e-mail, whose text the sender writes
(``attendees.emails.received_message``). At READ COMMITTED a concurrent
registration waits for the type row and re-checks the condition on its latest
version, so the last place is never given twice; the CHECK constraints on
``seats_taken`` are the backstop.

Outside a transaction the statement is its own transaction: no BEGIN or COMMIT
round trips, and the hot type row stays locked only until the statement ends.
Inside one (a caller's ``atomic``) it runs in a savepoint like any service.
Its lock wait is bounded and its commit does not wait for the WAL flush
(``capacity.transaction_settings``). The ORM path in ``services`` does the same
in several statements on other databases. Columns and values come from the
models (``config.sql``), so defaults and field conversions stay the model's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from attendees import emails
from attendees.capacity import set_config_calls
from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration, RegistrationType, SubForumChoice
from config.sql import InsertParts, insert_either
from forums.models import SubForum
from notifications.models import OutboxMessage


@dataclass(frozen=True)
class Outcome:
    registration: Registration | None  # None: the type was full and has no waiting list
    confirmed_sub_forum_ids: list[int]


def register(
    registration: Registration,
    sub_forum_ids: list[int],
    *,
    hold: dt.timedelta,
    waitlist_enabled: bool,
    transaction_settings: list[tuple[str, str]],
    now: dt.datetime,
) -> Outcome:
    """Write ``registration`` (unsaved) as pending or waitlisted, with its choices and first e-mail.

    Returns it saved, with its pk and final status, and the sub-forums it got a place in.
    """
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the per-thread proxy: read many times below
    registration.status, registration.expires_at, registration.waitlisted_at = (
        RegistrationStatus.PENDING,
        now + hold,
        None,
    )
    when_waitlisted = {"status": RegistrationStatus.WAITLISTED, "expires_at": None, "waitlisted_at": now}
    confirm, waiting_notice = (emails.received_message(registration, waitlisted=flag) for flag in (False, True))
    registration_row = insert_either(registration, "g.got", when_waitlisted, db)
    choice_row = insert_either(
        SubForumChoice(status=ChoiceStatus.CONFIRMED, waitlisted_at=None),
        "s.id IS NOT NULL",
        {"status": ChoiceStatus.WAITLISTED, "waitlisted_at": now},
        db,
        leave_out=("registration_id", "sub_forum_id"),
    )
    message_row = insert_either(
        confirm,
        "g.got",
        {name: getattr(waiting_notice, name) for name in ("kind", "dedupe_key", "message_id")},
        db,
        leave_out=("related_id",),
    )
    settings_calls, settings_params = set_config_calls(transaction_settings)
    sql = _sql(db, settings_calls, registration_row, choice_row, message_row)
    ids = sorted(sub_forum_ids)
    params = [
        *settings_params,
        registration.registration_type_id,
        ids,
        *registration_row.params,
        waitlist_enabled,
        *choice_row.params,
        ids,
        *message_row.params,
    ]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return Outcome(None, [])
    registration.pk, status, confirmed = row
    if status == RegistrationStatus.WAITLISTED:
        for name, value in when_waitlisted.items():
            setattr(registration, name, value)
    registration._state.adding = False
    registration._state.db = db.alias
    return Outcome(registration, list(confirmed))


def _sql(
    db: BaseDatabaseWrapper,
    settings_calls: str,
    registration_row: InsertParts,
    choice_row: InsertParts,
    message_row: InsertParts,
) -> str:
    quote = db.ops.quote_name
    choice_keys = ", ".join(
        quote(SubForumChoice._meta.get_field(name).column) for name in ("registration", "sub_forum")
    )
    related_id = quote(OutboxMessage._meta.get_field("related_id").column)
    dedupe_key = quote(OutboxMessage._meta.get_field("dedupe_key").column)
    # Only quoted table and column names are interpolated; every value is a parameter.
    sql = f"""
        WITH settings AS (
            SELECT {settings_calls}
        ), t AS (
            UPDATE {quote(RegistrationType._meta.db_table)} SET seats_taken = seats_taken + 1
            WHERE id = %s AND (capacity IS NULL OR seats_taken < capacity) AND EXISTS (SELECT 1 FROM settings)
            RETURNING id
        ), s AS (
            UPDATE {quote(SubForum._meta.db_table)} SET seats_taken = seats_taken + 1
            WHERE id = ANY(%s::bigint[]) AND (capacity IS NULL OR seats_taken < capacity)
              AND EXISTS (SELECT 1 FROM t)
            RETURNING id
        ), g AS (
            SELECT EXISTS (SELECT 1 FROM t) AS got
        ), r AS (
            INSERT INTO {registration_row.table} ({registration_row.columns_sql})
            SELECT {registration_row.expressions_sql} FROM g WHERE g.got OR %s
            RETURNING id, status
        ), c AS (
            INSERT INTO {choice_row.table} ({choice_keys}, {choice_row.columns_sql})
            SELECT r.id, x.id, {choice_row.expressions_sql}
            FROM r CROSS JOIN unnest(%s::bigint[]) AS x(id) LEFT JOIN s ON s.id = x.id
        ), m AS (
            INSERT INTO {message_row.table} ({message_row.columns_sql}, {related_id})
            SELECT {message_row.expressions_sql}, r.id::text FROM r, g
            ON CONFLICT ({dedupe_key}) DO NOTHING
        )
        SELECT r.id, r.status, ARRAY(SELECT id FROM s ORDER BY id) FROM r
    """  # noqa: S608
    # Short enough for psycopg to cache its parsing of the statement (up to 4 KiB).
    return " ".join(sql.split())
