"""``python -m underreach_judge``: the command line."""

import sys

from .cli import main

sys.exit(main())
