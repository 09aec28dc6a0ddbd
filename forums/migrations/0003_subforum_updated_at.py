import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0002_forum_membership"),
    ]

    operations = [
        migrations.AddField(
            model_name="subforum",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="updated"),
            preserve_default=False,
        ),
    ]
