"""The outbox's models now belong to ``outbox`` (0001), and webhook subscriptions
to this app; their tables were renamed in notifications 0005 and partners 0003.
State only, plus the content types (and so admin history and permissions) of
the moved models."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = [("notifications", "outboxmessage", "outbox"), ("notifications", "suppression", "outbox")]
MOVED_IN = [("partners", "webhooksubscription", "notifications")]


def move_content_types(apps, schema_editor, moves):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_app, model, new_app in moves:
        if not content_type.objects.filter(app_label=new_app, model=model).exists():
            content_type.objects.filter(app_label=old_app, model=model).update(app_label=new_app)


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, MOVED + MOVED_IN)


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, [(new, model, old) for old, model, new in MOVED + MOVED_IN])


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("forums", "0003_subforum_updated_at"),
        ("notifications", "0005_outbox_tables_to_outbox_app"),
        ("outbox", "0001_initial"),
        ("partners", "0003_webhook_table_to_notifications"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="OutboxMessage"),
                migrations.DeleteModel(name="Suppression"),
                migrations.CreateModel(
                    name="WebhookSubscription",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("url", models.URLField(max_length=500, verbose_name="URL")),
                        ("events", models.JSONField(default=list, verbose_name="events")),
                        ("secret", models.CharField(max_length=128, verbose_name="signing secret")),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        (
                            "editions",
                            models.ManyToManyField(blank=True, to="forums.edition", verbose_name="limited to editions"),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="webhooks",
                                to="forums.organisation",
                                verbose_name="partner",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "webhook subscription",
                        "verbose_name_plural": "webhook subscriptions",
                        "ordering": ["organisation", "url"],
                    },
                ),
                migrations.AlterField(
                    model_name="webhookdelivery",
                    name="subscription",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="notifications.webhooksubscription",
                        verbose_name="subscription",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
