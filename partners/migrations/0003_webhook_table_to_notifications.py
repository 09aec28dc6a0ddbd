"""Webhook subscriptions moved to ``notifications`` (which delivers them): the
tables take that app's names here; the model changes app in notifications 0006."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("partners", "0002_usage_idempotency_embed"),
    ]

    operations = [
        migrations.AlterModelTable(name="webhooksubscription", table="notifications_webhooksubscription"),
    ]
