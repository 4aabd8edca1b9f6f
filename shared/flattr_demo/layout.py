"""Where things are: the examples, the output folder, the ports and the demo's accounts."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flattr_core.errors import DemoError

HOSTS = ("mkdocs", "pelican", "wagtail")
MARKER = ".flattr-demo"
DEFAULT_PORT_BASE = 8765
# the example sites: inside the installed package (a wheel ships them as flattr_demo/examples),
# else beside shared/ in a source checkout (an editable install, or PYTHONPATH=shared)
PACKAGED = Path(__file__).resolve().parent / "examples"
CHECKOUT = Path(__file__).resolve().parents[2] / "examples"


@dataclass(frozen=True)
class Account:
    """A sandbox user: the examples' two authors each have one (the tokens are demo-only)."""

    username: str
    token: str
    flattr_id: str | None = None


ACCOUNTS = (Account("ada", "demo-token-ada", "ada001"), Account("grace", "demo-token-grace"))
OAUTH_CLIENT = ("wagtail-demo", "wagtail-demo-secret")  # the Wagtail admin's "Connect" flow
# Where the sandbox may send the Wagtail admin's approvals: its one callback, on either site's
# host (any port: loopback).
OAUTH_REDIRECTS = (
    "http://127.0.0.1/admin/flattr/connect/callback/",
    "http://localhost/admin/flattr/connect/callback/",
)
ADMIN_LOGIN = ("admin", "flattr-demo")


def token_of(username: str) -> str:
    """The demo token of one of the demo's accounts."""
    return next(account.token for account in ACCOUNTS if account.username == username)


@dataclass(frozen=True)
class Ports:
    """One port per server, all on 127.0.0.1."""

    sandbox: int
    mkdocs: int
    pelican: int
    wagtail: int

    @classmethod
    def from_base(cls, base: int) -> Ports:
        """``base`` .. ``base + 3``; base 0 picks four free ports."""
        if base == 0:
            return cls(*_free_ports(4))
        if not 1024 <= base <= 65532:
            raise DemoError(f"--port-base: {base} is not allowed; expected 0 or 1024..65532")
        return cls(base, base + 1, base + 2, base + 3)

    def url(self, host: str) -> str:
        """``http://127.0.0.1:PORT`` of a server, by name."""
        port: int = getattr(self, host)
        return f"http://127.0.0.1:{port}"


def _free_ports(count: int) -> Sequence[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def find_examples(given: Path | None = None) -> Path:
    """The folder with the three example sites: ``given``, else the installed package's, else
    the source checkout's."""
    folder = (given or default_examples()).resolve()
    missing = [host for host in HOSTS if not (folder / host).is_dir()]
    if missing:
        where = "--examples" if given else "the installed flattr_demo package"
        raise DemoError(
            f"the example sites are not at {folder} (missing: {', '.join(missing)}); "
            f"{where} should hold mkdocs/, pelican/ and wagtail/ "
            "(reinstall with `pip install 'flattr-plugins[demo]'`, or pass --examples DIR)"
        )
    return folder


def default_examples() -> Path:
    """The packaged examples when installed from a wheel, else the checkout's ``examples/``."""
    return PACKAGED if PACKAGED.is_dir() else CHECKOUT


def prepare_output(out: Path) -> Path:
    """An empty output folder: new, empty, or one a previous demo wrote (then emptied)."""
    out = out.resolve()
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise DemoError(
                f"--out {out}: the folder is not empty and was not written by `flattr demo`; "
                "give a new or empty folder"
            )
        for child in out.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by `flattr demo`; emptied by the next run\n")
    return out
