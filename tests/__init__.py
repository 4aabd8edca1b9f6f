"""The test suites (a package only so that tests/conftest.py and its helpers import as
``tests.*``: the folder itself is never on ``sys.path``, where tests/mkdocs, tests/pelican and
tests/wagtail would pass for the hosts of the same names)."""
