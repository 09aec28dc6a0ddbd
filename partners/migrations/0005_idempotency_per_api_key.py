"""Stored idempotent answers belong to the API key that made the request, not to its partner.

A stored answer is only a day's replay cache (``IdempotencyRecord.RETENTION``), and the
rows kept so far say only which partner, not which of its keys, sent them: they are
forgotten here. A retry of a request sent before the upgrade runs anew (a second
registration of the same address is still refused as a duplicate).
"""

import django.db.models.deletion
from django.db import migrations, models


def forget_partner_records(apps, schema_editor):
    apps.get_model("partners", "IdempotencyRecord").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_webhooksubscription_moved"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="idempotencyrecord", name="idempotency_unique_key_per_partner"),
        migrations.RunPython(forget_partner_records, migrations.RunPython.noop),
        migrations.RemoveField(model_name="idempotencyrecord", name="organisation"),
        migrations.AddField(
            model_name="idempotencyrecord",
            name="api_key",
            field=models.ForeignKey(
                default=0,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="partners.apikey",
                verbose_name="API key",
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="idempotencyrecord",
            constraint=models.UniqueConstraint(fields=("api_key", "key"), name="idempotency_unique_key_per_api_key"),
        ),
    ]
