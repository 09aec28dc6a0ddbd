"""Hand-written INSERTs that still take their columns and values from the model.

For the few hot write paths that do several writes in one statement; each
value goes through the field's own ``pre_save`` and ``get_db_prep_save``, as
``Model.save()`` would, so defaults, ``auto_now`` and JSON encoding stay right.
(Preparing these statements on the server was measured too: no faster here.)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model


@dataclass(frozen=True)
class InsertParts:
    table: str  # quoted
    columns: list[str]  # quoted
    expressions: list[str]  # one SQL expression per column, with %s placeholders
    params: list[object]  # for the placeholders, in order

    @property
    def columns_sql(self) -> str:
        return ", ".join(self.columns)

    @property
    def expressions_sql(self) -> str:
        return ", ".join(self.expressions)


def insert_parts(obj: Model, connection: BaseDatabaseWrapper, *, leave_out: tuple[str, ...] = ()) -> InsertParts:
    """Table, columns and values to INSERT ``obj`` without its primary key.

    ``leave_out`` names fields (attnames) the caller fills with its own SQL expressions.
    """
    fields = _fields(obj, leave_out)
    values = [_value(f, obj, connection) for f in fields]
    return InsertParts(
        table=connection.ops.quote_name(obj._meta.db_table),
        columns=[connection.ops.quote_name(f.column) for f in fields],
        expressions=["%s"] * len(fields),
        params=values,
    )


def insert_either(
    obj: Model,
    condition: str,
    otherwise: dict[str, object],
    connection: BaseDatabaseWrapper,
    *,
    leave_out: tuple[str, ...] = (),
) -> InsertParts:
    """Like ``insert_parts``, but the fields named in ``otherwise`` take those values when ``condition`` is false.

    Those columns get ``CASE WHEN condition THEN … ELSE … END``: for an
    INSERT … SELECT whose outcome is only known inside the statement (a place
    taken or not).
    """
    fields = _fields(obj, leave_out)
    expressions: list[str] = []
    params: list[object] = []
    for field in fields:
        value = _value(field, obj, connection)
        if field.attname in otherwise:
            expressions.append(f"CASE WHEN {condition} THEN %s ELSE %s END")
            params.extend([value, field.get_db_prep_save(otherwise[field.attname], connection=connection)])
        else:
            expressions.append("%s")
            params.append(value)
    return InsertParts(
        table=connection.ops.quote_name(obj._meta.db_table),
        columns=[connection.ops.quote_name(f.column) for f in fields],
        expressions=expressions,
        params=params,
    )


def _fields(obj: Model, leave_out: tuple[str, ...]) -> list[Field]:
    return [f for f in obj._meta.concrete_fields if not f.primary_key and f.attname not in leave_out]


def _value(field: Field, obj: Model, connection: BaseDatabaseWrapper) -> object:
    return field.get_db_prep_save(field.pre_save(obj, add=True), connection=connection)
