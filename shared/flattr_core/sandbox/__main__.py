"""``python -m flattr_core.sandbox``: see ``cli.py``."""

import sys

from .cli import main

sys.exit(main())
