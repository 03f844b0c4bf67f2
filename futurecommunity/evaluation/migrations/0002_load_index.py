"""Load the shipped (reconstructed) index versions and the acceptance parameters."""

from django.db import migrations


def load(apps, schema_editor):
    from futurecommunity.evaluation.loaders import load_evaluation

    load_evaluation(apps)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
