"""The outbox moved to its own app (``outbox``): its two tables take the new app's names.

The models themselves change app in the next migrations (state only): this
renames the tables, so the rows stay where they are.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0004_lean_write_indexes"),
    ]

    operations = [
        migrations.AlterModelTable(name="outboxmessage", table="outbox_outboxmessage"),
        migrations.AlterModelTable(name="suppression", table="outbox_suppression"),
    ]
