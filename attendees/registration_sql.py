"""A new registration on PostgreSQL: one statement, one round trip, its own transaction.

The statement takes a place of the registration type with a conditional
UPDATE (``… WHERE seats_taken < capacity``), then, only if it got one, a place
in each chosen sub-forum; it inserts the registration as *pending* or
*waitlisted* accordingly (or not at all when the type is full and has no
waiting list), one choice per sub-forum, confirmed or waitlisted, and the
registration's first e-mail — the rows ``attendees.new_registration`` describes,
sent as both variants and picked by the statement once it knows the outcome. At READ COMMITTED a concurrent
registration waits for the type row and re-checks the condition on its latest
version, so the last place is never given twice; the CHECK constraints on
``seats_taken`` are the backstop.

Outside a transaction the statement is its own transaction: no BEGIN or COMMIT
round trips, and the hot type row stays locked only until the statement ends.
Inside one (a caller's ``atomic``) it runs in a savepoint like any service.
Its lock wait is bounded and its commit does not wait for the WAL flush
(``capacity.transaction_settings``). It is a prepared statement
(``config.sql.server_bound_cursor``), parsed and planned once per connection.
``attendees.registration_orm`` writes the same rows in several statements on
other databases. Columns and values come from the models (``config.sql``), so
defaults and field conversions stay the model's.
"""

from __future__ import annotations

import contextlib
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from attendees.capacity import set_config_calls, transaction_settings
from attendees.enums import RegistrationStatus
from attendees.models import Registration, RegistrationType, SubForumChoice
from attendees.new_registration import NewRegistration, Outcome
from config.sql import json_ready, row_json, row_values, server_bound_cursor
from forums.models import SubForum
from outbox.models import OutboxMessage
from outbox.services import wake_sender_on_commit

CHOICE_KEYS = ("registration_id", "sub_forum_id")  # filled in by the statement


def register(new: NewRegistration, *, savepoint: bool = True) -> Outcome:
    """Write ``new`` in one statement: pending or waitlisted, with its choices and first e-mail.

    Returns the registration saved, with its pk and final status, and the
    sub-forums it got a place in. Outside a transaction the statement is its
    own; inside one it runs in a savepoint, unless the caller says it needs none
    (``savepoint=False``: the caller opened one just for it, or rolls back whole).
    """
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the per-thread proxy
    inner = transaction.atomic() if db.in_atomic_block and savepoint else contextlib.nullcontext()
    with inner:
        outcome = _execute(db, new)
        if outcome.registration is not None:
            wake_sender_on_commit()
    return outcome


def _execute(db: object, new: NewRegistration) -> Outcome:
    # Each row is sent as two JSON variants; the statement picks one once it knows
    # whether a place was taken (jsonb_populate_record turns it into the row).
    # The second variant of each row only differs where the outcome does.
    pending = row_values(new.row(got_place=True))
    waitlisted = {**pending, **_ready(new.outcome_fields(got_place=False))}
    confirmed_choice = row_values(new.choice(confirmed=True), leave_out=CHOICE_KEYS)
    waiting_choice = {**confirmed_choice, **_ready(new.choice_fields(confirmed=False))}
    confirm = row_values(new.first_message(got_place=True), leave_out=("related_id",))
    waiting_notice = {**confirm, **new.first_message_identity(got_place=False)}
    settings_calls, settings_params = set_config_calls(transaction_settings(fast_commit=True))
    ids = list(new.sub_forum_ids)
    params = [
        *settings_params,
        new.registration.registration_type_id,
        ids,
        row_json(pending),
        row_json(waitlisted),
        new.waitlist_enabled,
        ids,
        row_json(confirmed_choice),
        row_json(waiting_choice),
        row_json(confirm),
        row_json(waiting_notice),
    ]
    statement = _sql(settings_calls, tuple(pending), tuple(confirmed_choice), tuple(confirm))
    with server_bound_cursor(db) as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        return Outcome(None, [])
    pk, status, confirmed = row
    registration = new.row(got_place=status != RegistrationStatus.WAITLISTED)
    registration.pk = pk
    registration._state.adding = False
    registration._state.db = db.alias
    return Outcome(registration, list(confirmed))


def _ready(fields: dict[str, object]) -> dict[str, object]:
    return {name: json_ready(value) for name, value in fields.items()}


def _quote(name: str) -> str:
    return f'"{name}"'  # PostgreSQL's quoting of a table or column name (they hold no quotes)


@cache
def _sql(
    settings_calls: str,
    registration_columns: tuple[str, ...],
    choice_columns: tuple[str, ...],
    message_columns: tuple[str, ...],
) -> str:
    """The statement, built once per process for the models' columns."""
    quote = _quote
    registration_table = quote(Registration._meta.db_table)
    choice_table = quote(SubForumChoice._meta.db_table)
    message_table = quote(OutboxMessage._meta.db_table)
    choice_keys = ", ".join(
        quote(SubForumChoice._meta.get_field(name).column) for name in ("registration", "sub_forum")
    )
    related_id = quote(OutboxMessage._meta.get_field("related_id").column)
    dedupe_key = quote(OutboxMessage._meta.get_field("dedupe_key").column)

    def listed(columns: tuple[str, ...], prefix: str = "") -> str:
        return ", ".join(f"{prefix}{quote(column)}" for column in columns)

    # Only quoted table and column names are interpolated; every value is a parameter.
    sql = f"""
        WITH settings AS (
            SELECT {settings_calls}
        ), t AS (
            UPDATE {quote(RegistrationType._meta.db_table)} SET seats_taken = seats_taken + 1
            WHERE id = %s::bigint AND (capacity IS NULL OR seats_taken < capacity) AND EXISTS (SELECT 1 FROM settings)
            RETURNING id
        ), s AS (
            UPDATE {quote(SubForum._meta.db_table)} SET seats_taken = seats_taken + 1
            WHERE id = ANY(%s::bigint[]) AND (capacity IS NULL OR seats_taken < capacity)
              AND EXISTS (SELECT 1 FROM t)
            RETURNING id
        ), g AS (
            SELECT EXISTS (SELECT 1 FROM t) AS got
        ), r AS (
            INSERT INTO {registration_table} ({listed(registration_columns)})
            SELECT {listed(registration_columns, "p.")}
            FROM g, jsonb_populate_record(NULL::{registration_table}, CASE WHEN g.got THEN %s::jsonb ELSE %s::jsonb END) p
            WHERE g.got OR %s::boolean
            RETURNING id, status
        ), c AS (
            INSERT INTO {choice_table} ({choice_keys}, {listed(choice_columns)})
            SELECT r.id, x.id, {listed(choice_columns, "p.")}
            FROM r CROSS JOIN unnest(%s::bigint[]) AS x(id) LEFT JOIN s ON s.id = x.id,
                jsonb_populate_record(NULL::{choice_table}, CASE WHEN s.id IS NOT NULL THEN %s::jsonb ELSE %s::jsonb END) p
        ), m AS (
            INSERT INTO {message_table} ({listed(message_columns)}, {related_id})
            SELECT {listed(message_columns, "p.")}, r.id::text
            FROM r, g, jsonb_populate_record(NULL::{message_table}, CASE WHEN g.got THEN %s::jsonb ELSE %s::jsonb END) p
            ON CONFLICT ({dedupe_key}) DO NOTHING
        )
        SELECT r.id, r.status, ARRAY(SELECT id FROM s ORDER BY id) FROM r
    """  # noqa: E501, S608
    return " ".join(sql.split())
