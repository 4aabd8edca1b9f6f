"""wagtail_flattr: Flattr buttons, payment links and thing registration for Wagtail sites.

Add ``"wagtail_flattr"`` to ``INSTALLED_APPS`` and run ``migrate``. Everything Flattr-specific
(markup, links, feeds, the API) is done by ``flattr_core``; this app only converts Wagtail pages
into the core's data and puts the core's output where Wagtail wants it.
"""

from flattr_core import FlattrError

__all__ = ["FlattrError"]
