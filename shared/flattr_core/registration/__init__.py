"""Registered things: the only code that touches the network or a store.

``client`` speaks the REST API v2 (``wire`` is its format, ``quota`` its rate-limit
governor), ``oauth`` gets a token, ``store`` remembers every outcome, ``manifest`` hands a
built site's things to ``flattr sync``, ``sync`` runs many things (``thing_sync`` one), and
``build`` is the static hosts' end-of-build entry point.

Nothing is imported here: a build that only renders must not load requests or sqlite3.
"""
