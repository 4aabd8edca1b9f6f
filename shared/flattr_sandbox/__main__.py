"""``python -m flattr_sandbox``: see ``cli.py``."""

import sys

from .cli import main

sys.exit(main())
