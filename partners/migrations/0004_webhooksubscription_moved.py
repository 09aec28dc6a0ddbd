from django.db import migrations


class Migration(migrations.Migration):
    """The model now belongs to notifications (0006); its table stays."""

    dependencies = [
        ("partners", "0003_webhook_table_to_notifications"),
        ("notifications", "0006_models_change_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="WebhookSubscription")],
            database_operations=[],
        ),
    ]
