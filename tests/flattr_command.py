"""The ``flattr`` command as the suites start it: this interpreter, so the package under test
(the venv's, or the checkout's on ``PYTHONPATH``) runs, not whatever ``flattr`` is on ``PATH``."""

from __future__ import annotations

import sys

FLATTR_CODE = "import sys; from flattr_core.cli import main; sys.exit(main())"
FLATTR = [sys.executable, "-c", FLATTR_CODE]
