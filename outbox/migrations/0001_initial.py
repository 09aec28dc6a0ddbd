"""The outbox's models, taken over from ``notifications`` as they were (their
tables were renamed there, in notifications 0005); nothing changes in the database."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0005_outbox_tables_to_outbox_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboxMessage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=60, verbose_name="kind")),
                        ("to_email", models.EmailField(max_length=254, verbose_name="recipient")),
                        ("language", models.CharField(default="zh-hans", max_length=10, verbose_name="language")),
                        ("subject", models.CharField(blank=True, max_length=300, verbose_name="subject")),
                        ("body_text", models.TextField(blank=True, verbose_name="text body")),
                        ("body_html", models.TextField(blank=True, verbose_name="HTML body")),
                        ("render_on_send", models.BooleanField(default=False, verbose_name="written when sent")),
                        ("attachments", models.JSONField(blank=True, default=list, verbose_name="attachments")),
                        ("dedupe_key", models.CharField(max_length=200, verbose_name="deduplication key")),
                        ("message_id", models.CharField(max_length=250, verbose_name="Message-ID")),
                        ("related_id", models.CharField(blank=True, max_length=40)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("sending", "Sending"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed"),
                                    ("suppressed", "Suppressed"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        (
                            "next_attempt_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="next attempt at"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                        ("claimed_at", models.DateTimeField(blank=True, null=True, verbose_name="claimed at")),
                        ("claim_id", models.CharField(blank=True, default="", max_length=32, verbose_name="claim")),
                        (
                            "related_type",
                            models.ForeignKey(
                                blank=True,
                                db_index=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="contenttypes.contenttype",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "outbox message",
                        "verbose_name_plural": "outbox messages",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
                            models.Index(fields=["related_type", "related_id"], name="outbox_related_idx"),
                            models.Index(fields=["kind", "status"], name="outbox_kind_status_idx"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(fields=("dedupe_key",), name="outbox_unique_dedupe_key"),
                            models.UniqueConstraint(fields=("message_id",), name="outbox_unique_message_id"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Suppression",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "email",
                            models.EmailField(
                                help_text="Stored in lower case.", max_length=254, unique=True, verbose_name="e-mail"
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    ("hard_bounce", "Hard bounce"),
                                    ("unsubscribed", "Unsubscribed from reminders"),
                                    ("manual", "Added by an organiser"),
                                ],
                                max_length=20,
                                verbose_name="reason",
                            ),
                        ),
                        (
                            "scope",
                            models.CharField(
                                choices=[("all", "All e-mail"), ("reminders", "Reminders only")],
                                max_length=20,
                                verbose_name="applies to",
                            ),
                        ),
                        ("detail", models.TextField(blank=True, verbose_name="detail")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="added")),
                    ],
                    options={
                        "verbose_name": "suppressed address",
                        "verbose_name_plural": "suppression list",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
