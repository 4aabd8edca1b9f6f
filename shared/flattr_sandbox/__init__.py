"""A faithful local Flattr: OAuth 2 and the REST API v2 over loopback, with SQLite state.

Flattr closed in 2023; this stands in for it (like stripe-mock or moto) in the demo, the tests
and the benchmarks. Standard library only. See docs/sandbox.md.

    with Sandbox(db_path, users=[SandboxUser("alice", "tok-alice")]) as sandbox:
        sandbox.api_url  # "http://127.0.0.1:PORT/rest/v2"
"""

from .faults import Faults
from .server import Sandbox, SandboxClient, SandboxUser

__all__ = ["Faults", "Sandbox", "SandboxClient", "SandboxUser"]
