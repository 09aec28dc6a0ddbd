"""A new registration's rows, written on PostgreSQL in one round trip.

The transaction's lock settings, the registration, its sub-forum choices (all
waiting until ``capacity.take_places_for_registration`` gives them places) and
its first e-mail go to the server as one statement, before the hot
capacity rows are touched. Through the ORM the same writes cost four round trips and more
Python than the rest of a registration; this is the hottest path of a
registration burst. Columns and values still come from the models
(``config.sql.insert_parts``). Other databases use the ORM (``services``).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from attendees.capacity import set_config_calls
from attendees.enums import ChoiceStatus
from attendees.models import Registration, SubForumChoice
from config.sql import insert_parts
from notifications.models import OutboxMessage


def insert_registration(
    registration: Registration,
    sub_forum_ids: list[int],
    message: OutboxMessage,
    *,
    transaction_settings: list[tuple[str, str]],
    now: dt.datetime,
) -> None:
    """INSERT ``registration``, one waitlisted choice per sub-forum and ``message``; sets the pk.

    ``message`` is the registration's first e-mail, made before the row existed:
    its ``related_id`` is filled in here. A duplicate ``dedupe_key`` is skipped.
    ``transaction_settings`` (name, value) pairs are set for the rest of the
    transaction (``set_config(…, true)``, i.e. SET LOCAL) by the same statement.
    """
    quote = connection.ops.quote_name
    registration_row = insert_parts(registration, connection)
    choice_meta = SubForumChoice._meta
    choice_row = insert_parts(
        SubForumChoice(status=ChoiceStatus.WAITLISTED, waitlisted_at=now),
        connection,
        leave_out=("registration_id", "sub_forum_id"),
    )
    message_row = insert_parts(message, connection, leave_out=("related_id",))
    choice_keys = ", ".join(quote(choice_meta.get_field(name).column) for name in ("registration", "sub_forum"))
    related_id = quote(OutboxMessage._meta.get_field("related_id").column)
    dedupe_key = quote(OutboxMessage._meta.get_field("dedupe_key").column)
    settings_calls, settings_params = set_config_calls(transaction_settings)
    # Only quoted table and column names are interpolated; every value is a parameter.
    sql = f"""
        WITH settings AS (
            SELECT {settings_calls}
        ), r AS (
            INSERT INTO {registration_row.table} ({registration_row.columns_sql})
            VALUES ({registration_row.placeholders})
            RETURNING id
        ), c AS (
            INSERT INTO {choice_row.table} ({choice_keys}, {choice_row.columns_sql})
            SELECT r.id, s.id, {choice_row.placeholders} FROM r, unnest(%s::bigint[]) AS s(id)
        ), m AS (
            INSERT INTO {message_row.table} ({message_row.columns_sql}, {related_id})
            SELECT {message_row.placeholders}, r.id::text FROM r
            ON CONFLICT ({dedupe_key}) DO NOTHING
        )
        SELECT r.id FROM r, settings
    """  # noqa: S608
    params = [
        *settings_params,
        *registration_row.values,
        *choice_row.values,
        sub_forum_ids,
        *message_row.values,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (registration.pk,) = cursor.fetchone()
    registration._state.adding = False
    registration._state.db = connection.alias
