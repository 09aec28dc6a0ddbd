"""Messages about a registration already in the outbox get their edition as scope
(``forums.models.edition_scope``), so the organiser workspace shows them to its team."""

from django.db import migrations


def label_messages(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    registration = apps.get_model("attendees", "Registration")
    message = apps.get_model("outbox", "OutboxMessage")
    registration_type = content_type.objects.filter(app_label="attendees", model="registration").first()
    if registration_type is None:
        return
    editions = dict(registration.objects.values_list("pk", "edition_id"))
    unlabelled = message.objects.filter(related_type=registration_type, scope="").only("pk", "related_id")
    for row in unlabelled.iterator(chunk_size=2000):
        edition_id = editions.get(int(row.related_id)) if row.related_id.isdigit() else None
        if edition_id is not None:
            message.objects.filter(pk=row.pk).update(scope=f"edition:{edition_id}")


class Migration(migrations.Migration):

    dependencies = [
        ("attendees", "0005_language_choices_from_settings"),
        ("outbox", "0003_message_scope"),
    ]

    operations = [migrations.RunPython(label_messages, migrations.RunPython.noop)]
