"""Load the configuration rows (reminder days, escalation thresholds, 文号 prefixes)."""

from django.db import migrations


def load(apps, schema_editor):
    from futurecommunity.rectification.loaders import load_rectification_settings

    load_rectification_settings(apps.get_model("rectification", "RectificationSetting"))


class Migration(migrations.Migration):
    dependencies = [("rectification", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
