"""``flattr demo``: the three example sites, built and registered against the local sandbox.

The demo drives each host as a subprocess (``python -m mkdocs``, ``python -m pelican``,
``python manage.py``), so this package, like the rest of the core, imports no host framework.
It needs a source checkout: the sites live in ``examples/`` beside ``shared/``.

    layout   where the examples are, the ports, the accounts, the output folder
    hosts    the commands that build (and serve) each example
    report   the summary, read back from what was built and what the sandbox holds
    serve    the static sites and the Wagtail server on 127.0.0.1 until Ctrl-C
    command  the ``flattr demo`` options and the run itself
"""

from .command import main

__all__ = ["main"]
