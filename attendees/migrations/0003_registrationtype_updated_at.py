import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attendees", "0002_registration_expired_status"),
    ]

    operations = [
        migrations.AddField(
            model_name="registrationtype",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="updated"),
            preserve_default=False,
        ),
    ]
