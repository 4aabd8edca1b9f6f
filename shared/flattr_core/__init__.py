"""flattr_core: everything Flattr, with no host framework.

Content items become things, buttons, head tags and feed links (offline), and,
with a token, registered things through the REST API v2. The adapters in
``mkdocs_flattr``, ``pelican.plugins.flattr`` and ``wagtail_flattr`` only
translate their host's objects into the plain data of ``flattr_core.models``.
"""

import logging

__version__ = "0.1.0.dev0"

# The core logs at DEBUG only; hosts decide what their users see.
logging.getLogger(__name__).addHandler(logging.NullHandler())
