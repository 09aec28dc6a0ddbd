"""Store AgendaExport.body gzip-compressed (bytea/BLOB): a new column, the bodies copied
over compressed, the old text column dropped. A plain AlterField would cast the text
to bytea as it stands, not compressed."""

from django.db import migrations

import sessions.fields


def copy_compressed(apps, schema_editor):
    AgendaExport = apps.get_model("forum_sessions", "AgendaExport")
    for export in AgendaExport.objects.only("pk", "body").iterator(chunk_size=50):
        AgendaExport.objects.filter(pk=export.pk).update(body_gzip=export.body)


class Migration(migrations.Migration):
    dependencies = [
        ("forum_sessions", "0002_agendaexport"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaexport",
            name="body_gzip",
            field=sessions.fields.GzipTextField(default=b"", verbose_name="body"),
            preserve_default=False,
        ),
        migrations.RunPython(copy_compressed, migrations.RunPython.noop),
        migrations.RemoveField(model_name="agendaexport", name="body"),
        migrations.RenameField(model_name="agendaexport", old_name="body_gzip", new_name="body"),
    ]
