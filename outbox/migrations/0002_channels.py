"""One outbox for every channel: a message has a channel and a recipient (an
e-mail address today; a phone number or an account id later), may be optional
(reminders: stopped by an unsubscribe), and the suppression list is per channel."""

from django.db import migrations, models


def reminders_scope_to_optional(apps, schema_editor):
    apps.get_model("outbox", "Suppression").objects.filter(scope="reminders").update(scope="optional")


def optional_scope_to_reminders(apps, schema_editor):
    apps.get_model("outbox", "Suppression").objects.filter(scope="optional").update(scope="reminders")


def reminders_are_optional(apps, schema_editor):
    apps.get_model("outbox", "OutboxMessage").objects.filter(kind="reminder").update(optional=True)


class Migration(migrations.Migration):

    dependencies = [
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="channel",
            field=models.CharField(choices=[("email", "E-mail")], default="email", max_length=20, verbose_name="channel"),
        ),
        migrations.RenameField(model_name="outboxmessage", old_name="to_email", new_name="recipient"),
        migrations.AlterField(
            model_name="outboxmessage",
            name="recipient",
            field=models.CharField(max_length=254, verbose_name="recipient"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="optional",
            field=models.BooleanField(default=False, verbose_name="optional"),
        ),
        migrations.RunPython(reminders_are_optional, migrations.RunPython.noop),
        migrations.AddField(
            model_name="suppression",
            name="channel",
            field=models.CharField(choices=[("email", "E-mail")], default="email", max_length=20, verbose_name="channel"),
        ),
        migrations.RenameField(model_name="suppression", old_name="email", new_name="address"),
        migrations.AlterField(
            model_name="suppression",
            name="address",
            field=models.CharField(
                help_text="E-mail addresses are stored in lower case.", max_length=254, verbose_name="address"
            ),
        ),
        migrations.AddConstraint(
            model_name="suppression",
            constraint=models.UniqueConstraint(fields=("channel", "address"), name="suppression_unique_address"),
        ),
        migrations.AlterField(
            model_name="suppression",
            name="scope",
            field=models.CharField(
                choices=[("all", "All messages"), ("optional", "Reminders and other optional messages")],
                max_length=20,
                verbose_name="applies to",
            ),
        ),
        migrations.RunPython(reminders_scope_to_optional, optional_scope_to_reminders),
    ]
