"""Hand-written INSERTs that still take their columns and values from the model.

For the few hot write paths that do several writes in one statement; each
value goes through the field's own ``pre_save`` and ``get_prep_value`` (and
``get_db_prep_save`` for ``insert_parts``), as ``Model.save()`` would, so
defaults, ``auto_now`` and JSON encoding stay right. ``server_bound_cursor``
runs such a statement as a prepared statement: PostgreSQL parses and plans it
once per connection instead of on every call.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, Model


@dataclass(frozen=True)
class InsertParts:
    table: str  # quoted
    columns: list[str]  # quoted
    params: list[object]  # one per column

    @property
    def columns_sql(self) -> str:
        return ", ".join(self.columns)

    @property
    def placeholders(self) -> str:
        return ", ".join(["%s"] * len(self.params))


def insert_parts(obj: Model, connection: BaseDatabaseWrapper, *, leave_out: tuple[str, ...] = ()) -> InsertParts:
    """Table, columns and values to INSERT ``obj`` without its primary key (nor ``leave_out``)."""
    fields = _fields(obj, leave_out)
    return InsertParts(
        table=connection.ops.quote_name(obj._meta.db_table),
        columns=[connection.ops.quote_name(f.column) for f in fields],
        params=[f.get_db_prep_save(f.pre_save(obj, add=True), connection=connection) for f in fields],
    )


def server_bound_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A PostgreSQL cursor that sends its parameters apart from the statement.

    Django's own cursors put the values into the SQL text (client-side binding),
    so PostgreSQL parses and plans every call anew; for a long statement that is
    most of its cost. Bound on the server, the statement is prepared by psycopg
    after ``OPTIONS["prepare_threshold"]`` runs on a connection (settings:
    ``DB_PREPARED_STATEMENTS``) and later calls skip parsing and planning. It is
    wrapped like any Django cursor: errors, query logging and assertNumQueries
    behave the same. Other databases get their usual cursor.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    # Only on PostgreSQL: the module needs psycopg, which other databases need not have.
    from django.db.backends.postgresql.base import ServerBindingCursor  # noqa: PLC0415 - psycopg only

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = ServerBindingCursor(connection.connection)
    return connection.make_debug_cursor(cursor) if connection.queries_logged else connection.make_cursor(cursor)


def row_values(obj: Model, *, leave_out: tuple[str, ...] = ()) -> dict[str, object]:
    """``obj``'s values by column name (primary key and ``leave_out`` left out), ready for ``row_json``."""
    return {f.column: json_ready(f.get_prep_value(f.pre_save(obj, add=True))) for f in _fields(obj, leave_out)}


def json_ready(value: object) -> object:
    """Dates and times as ISO 8601 text (microseconds and offset kept), which PostgreSQL reads back exactly."""
    if isinstance(value, dt.date | dt.time):  # a datetime is a date
        return value.isoformat()
    return value


def row_json(values: dict[str, object]) -> str:
    """A row of ``row_values`` as one JSON parameter, for ``jsonb_populate_record`` (PostgreSQL).

    One parameter per row instead of one per column: a statement writing several
    rows stays short enough for psycopg to cache its parsing, and Python quotes
    one value instead of dozens.
    """
    return json.dumps(values, separators=(",", ":"))


def _fields(obj: Model, leave_out: tuple[str, ...]) -> list[Field]:
    return [f for f in obj._meta.concrete_fields if not f.primary_key and f.attname not in leave_out]
