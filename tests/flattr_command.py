"""The ``flattr`` command as the suites start it: this interpreter, so the package under test
(the venv's, or the checkout's on ``PYTHONPATH``) runs, not whatever ``flattr`` is on ``PATH``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FLATTR_CODE = "import sys; from flattr_core.cli import main; sys.exit(main())"
FLATTR = [sys.executable, "-c", FLATTR_CODE]


def doctor(
    folder: Path, *args: str, timeout: float = 240, **env: str
) -> subprocess.CompletedProcess[str]:
    """``flattr doctor`` run in ``folder`` as a site owner runs it: none of this environment's
    Flattr or Django settings (``env`` adds some back)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FLATTR_", "DJANGO_"))}
    return subprocess.run(
        [*FLATTR, "doctor", *args], cwd=folder, env={**clean, **env},
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
