"""Money goes to the account a page names: each thing is registered with its owner's token,
or not at all.

Flattr creates a thing for the token's account, so a thing registered with the wrong token
pays the wrong person. ``gather`` lists every token a site has, with the account the settings
say it is for; ``sync_accounts`` asks whose each really is (``owners``), runs ``sync`` once per
token over the things of that token's owner, and reports, one line each: an account whose
things no token of its own can register (its pages keep auto-submit buttons, which still pay
it), and a token configured for an account it does not belong to.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import AuthError, FlattrError
from ..models import Endpoints, Secret, SyncSummary, Thing
from ..settings import tokens
from ..text import counted
from .owners import OwnerCache, cached_owner, verified_owner
from .store import ThingStore
from .sync import Progress, combine, run_sync
from .thing_sync import is_unchanged

if TYPE_CHECKING:  # the client imports requests
    from .client import FlattrClient

ClientFactory = Callable[[Secret], "FlattrClient"]


@dataclass(frozen=True)
class Credential:
    """A token, the account the settings name for it, and where it was found (for messages).

    ``owner`` is set when whose it is is already known (the connect flow asked ``GET /user``);
    otherwise ``sync_accounts`` asks."""

    token: Secret
    account: str | None
    source: str
    owner: str | None = None


@dataclass(frozen=True)
class AccountsOutcome:
    """What ``sync_accounts`` did: the summary, one line per note, and what was left out.

    ``unrouted``: things by account that no token of that account could register;
    ``trouble``: a token was refused or belongs to another account than configured;
    ``refused``: a token was refused (401)."""

    summary: SyncSummary
    notes: tuple[str, ...] = ()
    unrouted: Mapping[str, int] = field(default_factory=dict)
    trouble: bool = False
    refused: bool = False


def static_hint(account: str) -> str:
    """How a static site gives an account its token."""
    return (
        f"set {tokens.account_env_name(account)}, give the author a token, "
        f"or run `flattr auth login --account {account}`"
    )


def gather(
    owners: Iterable[str],
    *,
    site_token: Secret | None,
    site_account: str | None,
    author_tokens: Mapping[str, Secret] | None = None,
    environ: Mapping[str, str] = os.environ,
    api_url: str,
) -> list[Credential]:
    """Every token a static site has for ``owners``: the site's, the authors', and each
    account's ``$FLATTR_TOKEN_<ACCOUNT>`` or ``flattr auth login --account`` token."""
    found: list[Credential] = []
    if site_token:
        found.append(Credential(site_token, site_account, "the site's token"))
    for account, token in (author_tokens or {}).items():
        found.append(Credential(token, account, f"the author token of {account}"))
    for account in sorted({owner.lower() for owner in owners}):
        hit = tokens.account_token(account, environ, api_url)
        if hit is not None:
            found.append(Credential(hit[0], account, hit[1]))
    return found


def sync_accounts(
    things: Iterable[Thing],
    credentials: Iterable[Credential],
    store: ThingStore,
    endpoints: Endpoints,
    *,
    cache: OwnerCache | None = None,
    concurrency: int = 8,
    deadline: float = 120.0,
    progress: Progress | None = None,
    make_client: ClientFactory | None = None,
    hint: Callable[[str], str] = static_hint,
) -> AccountsOutcome:
    """Register each thing with a token of its owner's account; never with another's.

    Things the store knows unchanged cost nothing (and need no token). Whose a token is comes
    from ``Credential.owner``, else ``cache``, else ``GET /user`` (then remembered in
    ``cache``). A warm build asks nothing: only tokens with work to do are asked about.
    """
    started = time.monotonic()
    unique = list({thing.url: thing for thing in things}.values())
    known = store.get_many(t.url for t in unique)
    todo = [t for t in unique if not is_unchanged(known.get(t.url), t)]
    factory = make_client or _default_factory(endpoints, concurrency)
    run = _Run(list(_distinct(credentials)), cache, factory, started + deadline, hint)
    ticks = _Ticks(progress, len(unique), len(unique) - len(todo))
    summaries = [SyncSummary(unchanged=len(unique) - len(todo))]
    try:
        run.learn_owners(ask=bool(todo))
        for account, group in _by_owner(todo).items():
            summaries.append(run.register(account, group, store, concurrency, ticks))
    finally:
        requests = run.close()
    seconds = round(time.monotonic() - started, 3)
    summary = dataclasses.replace(combine(*summaries), requests=requests, seconds=seconds)
    notes = tuple(run.notes)
    return AccountsOutcome(summary, notes, dict(run.unrouted), run.trouble, run.refused)


def _default_factory(endpoints: Endpoints, concurrency: int) -> ClientFactory:
    from .client import FlattrClient  # here: requests loads only for a sync

    return lambda token: FlattrClient(endpoints, token, pool_size=concurrency)


def _distinct(credentials: Iterable[Credential]) -> Iterable[Credential]:
    """Each token once per account it is configured for (one token may be named for two: each
    is checked); a token is asked about once, whatever its names."""
    seen: set[tuple[Secret, str | None]] = set()
    for credential in credentials:
        key = (credential.token, (credential.account or "").lower() or None)
        if credential.token and key not in seen:
            seen.add(key)
            yield credential


def _by_owner(things: Iterable[Thing]) -> dict[str, list[Thing]]:
    groups: dict[str, list[Thing]] = {}
    for thing in things:
        groups.setdefault(thing.owner.username.lower(), []).append(thing)
    return groups


class _Ticks:
    """One progress count over several runs."""

    def __init__(self, progress: Progress | None, total: int, done: int) -> None:
        self.progress, self.total, self.done = progress, total, done

    def offset(self) -> Progress | None:
        if self.progress is None:
            return None
        base, report = self.done, self.progress
        return lambda done, _total: report(base + done, self.total)

    def advance(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)


class _Run:
    """One ``sync_accounts`` call: the tokens, whose each is, the clients and the notes."""

    def __init__(
        self,
        credentials: list[Credential],
        cache: OwnerCache | None,
        factory: ClientFactory,
        deadline_at: float,
        hint: Callable[[str], str],
    ) -> None:
        self.credentials, self.cache, self.factory = credentials, cache, factory
        self.deadline_at, self.hint = deadline_at, hint
        self.owners: dict[int, str] = {}
        self.unreachable: FlattrError | None = None  # the API could not say whose a token is
        self.asked_in_vain = False
        self.notes: list[str] = []
        self.unrouted: dict[str, int] = {}
        self.trouble = self.refused = False
        self._clients: dict[Secret, FlattrClient] = {}  # one per token
        self._asked: dict[Secret, str | None] = {}  # one question per token

    def client(self, index: int) -> FlattrClient:
        token = self.credentials[index].token
        if token not in self._clients:
            self._clients[token] = self.factory(token)
        return self._clients[token]

    def close(self) -> int:
        """Close every client; the requests they made."""
        for client in self._clients.values():
            client.close()
        return sum(client.requests_made for client in self._clients.values())

    def learn_owners(self, *, ask: bool) -> None:
        """Whose each token is: known, remembered, or (when ``ask``) asked of the API."""
        for index, credential in enumerate(self.credentials):
            owner = credential.owner
            if owner is None and self.cache is not None:
                owner = cached_owner(credential.token, self.cache)
            if owner is None and ask:
                if credential.token not in self._asked:
                    self._asked[credential.token] = self._ask(index)
                owner = self._asked[credential.token]
            if owner is not None:
                self._know(index, owner)

    def _ask(self, index: int) -> str | None:
        credential = self.credentials[index]
        try:
            return verified_owner(
                self.client(index), credential.token, self.cache, deadline_at=self.deadline_at
            )
        except AuthError as exc:
            self.refused = True
            self._warn(f"{credential.source} was refused, so it registers nothing: {exc}")
        except FlattrError as exc:
            self.unreachable = self.unreachable or exc
        return None

    def _know(self, index: int, owner: str) -> None:
        self.owners[index] = owner
        credential = self.credentials[index]
        if credential.account and credential.account.lower() != owner.lower():
            self._warn(
                f"{credential.source} is configured for {credential.account} but belongs to "
                f"the Flattr account {owner}: it registers only {owner}'s things"
            )

    def _warn(self, line: str) -> None:
        self.notes.append(line)
        self.trouble = True

    def token_for(self, account: str) -> int | None:
        return next((i for i, owner in self.owners.items() if owner.lower() == account), None)

    def register(
        self, account: str, group: list[Thing], store: ThingStore, concurrency: int, ticks: _Ticks
    ) -> SyncSummary:
        """Run ``sync`` for one account's things with its token, or leave them out."""
        index = self.token_for(account)
        if index is None:
            ticks.advance(len(group))
            return self._unrouted(group)
        summary, refused = run_sync(
            group,
            self.client(index),
            store,
            concurrency=concurrency,
            deadline=max(self.deadline_at - time.monotonic(), 0.0),
            progress=ticks.offset(),
            account=self.owners[index],
        )
        ticks.done += len(group)
        if refused is not None:
            self.refused = True
            source = self.credentials[index].source
            self._warn(f"{source} was refused while registering: {refused}")
        return summary

    def _unrouted(self, group: list[Thing]) -> SyncSummary:
        name = group[0].owner.username
        if self.unreachable is not None:  # maybe it has a token: we could not ask; retry later
            if not self.asked_in_vain:
                self.asked_in_vain = True
                self.notes.append(f"could not ask whose the tokens are: {self.unreachable}")
            return SyncSummary(failed=len(group))
        self.unrouted[name] = len(group)
        self.notes.append(
            f"{counted(len(group), 'thing')} of {name} not registered: no token of {name}'s "
            f"Flattr account ({self.hint(name)}); their buttons use auto-submit links, "
            f"which pay {name}"
        )
        return SyncSummary()
