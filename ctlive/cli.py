"""The `ctlive` console command (a [project.scripts] entry): what `manage.py` does in a
source checkout, for an installed copy run from any folder (`ctlive migrate`,
`ctlive seed_demo`, `ctlive collectstatic`, `ctlive job_worker`)."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctlive.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
