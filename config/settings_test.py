"""Settings for the test suite (pytest's DJANGO_SETTINGS_MODULE): the real settings in test
mode. Test mode is switched on here, explicitly, never by detecting pytest."""

import os

os.environ["FC_TESTING"] = "1"

from config.settings import *  # noqa: E402,F403
