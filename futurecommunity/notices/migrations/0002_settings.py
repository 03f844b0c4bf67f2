from django.db import migrations


def load(apps, schema_editor):
    from futurecommunity.notices.loaders import load_notice_settings

    load_notice_settings(apps.get_model("notices", "NoticeSetting"))


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
