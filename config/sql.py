"""Hand-written INSERTs that still take their columns and values from the model.

For the few hot write paths that do several writes in one statement; each
value goes through the field's own ``pre_save`` and ``get_db_prep_save``, as
``Model.save()`` would, so defaults, ``auto_now`` and JSON encoding stay right.
(Preparing these statements on the server was measured too: no faster here.)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model


@dataclass(frozen=True)
class InsertParts:
    table: str  # quoted
    columns: list[str]  # quoted, in the order of ``values``
    values: list[object]

    @property
    def columns_sql(self) -> str:
        return ", ".join(self.columns)

    @property
    def placeholders(self) -> str:
        return ", ".join(["%s"] * len(self.values))


def insert_parts(obj: Model, connection: BaseDatabaseWrapper, *, leave_out: tuple[str, ...] = ()) -> InsertParts:
    """Table, columns and prepared values to INSERT ``obj`` without its primary key.

    ``leave_out`` names fields (attnames) the caller fills with its own SQL expressions.
    """
    quote = connection.ops.quote_name
    meta = obj._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in leave_out]
    return InsertParts(
        table=quote(meta.db_table),
        columns=[quote(f.column) for f in fields],
        values=[f.get_db_prep_save(f.pre_save(obj, add=True), connection=connection) for f in fields],
    )
