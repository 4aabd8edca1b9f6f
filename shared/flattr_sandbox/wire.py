"""HTTP/1.1 on the wire: what the sandbox checks before a route sees a request (RFC 9112).

``http.server`` leaves malformed input half-handled: an HTTP/0.9 answer without a status line,
505 for an unknown version, an HTML error page, a chunked body left on the connection. Here each
problem is a ``WireError`` with a 4xx status and a description naming what was wrong and what is
allowed; the server answers it in Flattr's error shape (``invalid_request``) and closes.
"""

from __future__ import annotations

import re
from email.message import Message
from io import BufferedIOBase
from urllib.parse import urlsplit

from .protocol import Failure

MAX_LINE = 65536  # http.server's own limit for the request line and each header line
METHOD = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # a token (RFC 9110 §5.6.2)
VERSION = re.compile(r"HTTP/1\.[0-9]")
TARGET = re.compile(r"[\x21-\x7e\x80-\xff]+")  # no spaces, no control characters
SEPARATOR = re.compile(r"[ \t]+")  # RFC 9112 §3 lets a server take runs of SP and HTAB
CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,8}")
DIGITS = re.compile(r"[0-9]{1,18}")
MAX_TRAILERS = 100
METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
STOCK = {  # http.server's send_error calls the sandbox does not pre-empt
    414: f"The request line is longer than {MAX_LINE} bytes",
    431: f"A header line is longer than {MAX_LINE} bytes, or there are more than 100 headers",
}


class WireError(Exception):
    """A request that is not well-formed HTTP/1.1: answered with ``status`` and closed."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(f"{status}: {description}")
        self.status = status
        self.description = description


def shown(text: str, limit: int = 60) -> str:
    """``repr`` of a piece of the request, cut so that a 64 KB line is not echoed back."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "..."


def check_request_line(raw: bytes) -> None:
    """``METHOD target HTTP/1.x``, or a ``WireError`` naming the part that is wrong."""
    if len(raw) > MAX_LINE:
        raise WireError(414, STOCK[414])
    line = raw.decode("iso-8859-1").rstrip("\r\n").strip(" \t")
    parts = SEPARATOR.split(line)
    if len(parts) != 3:
        raise WireError(400, f"Bad request line {shown(line)}; expected METHOD /path HTTP/1.1")
    method, target, version = parts
    if not VERSION.fullmatch(version):
        expected = "HTTP/1.1 or HTTP/1.0"
        raise WireError(400, f"HTTP version {shown(version)} is not supported; expected {expected}")
    if not METHOD.fullmatch(method):
        raise WireError(400, f"Method {shown(method)} is not a token; expected one of {METHODS}")
    if not TARGET.fullmatch(target):
        raise WireError(400, f"Request target {shown(target)} has spaces or control characters")


def protocol_failure(code: int, message: str | None, method: str | None) -> Failure:
    """The Flattr-shaped answer to an error ``http.server`` found itself."""
    if code == 501:  # no do_METHOD: like a known path asked with another method
        described = f"{shown(method or '')} is not allowed; use {METHODS} (case-sensitive)"
        return Failure(405, "invalid_request", described)
    return Failure(code, "invalid_request", STOCK.get(code) or message or "Bad request")


def split_target(target: str) -> tuple[str, str]:
    """Path and query of an origin-form (``/path?q``) or absolute-form (``http://h/p``) target."""
    if target.startswith("/") or target == "*":
        path, _, query = target.partition("#")[0].partition("?")
        return path, query
    if target.lower().startswith(("http://", "https://")):
        try:
            parts = urlsplit(target)
        except ValueError as error:
            raise WireError(400, f"Request target {shown(target)} is not a URL: {error}") from None
        return parts.path or "/", parts.query
    raise WireError(400, f"Request target {shown(target)}; expected /path or http://host/path")


def read_body(headers: Message, stream: BufferedIOBase, limit: int) -> bytes:
    """The body by ``Content-Length`` or ``Transfer-Encoding: chunked`` (never both)."""
    codings = headers.get_all("Transfer-Encoding") or []
    lengths = headers.get_all("Content-Length") or []
    if codings and lengths:  # RFC 9112 §6.1: a smuggling risk; refuse rather than guess
        raise WireError(400, "Content-Length and Transfer-Encoding together; send one of them")
    if codings:
        coding = ", ".join(codings).strip().lower()
        if coding != "chunked":
            raise WireError(400, f"Transfer-Encoding {shown(coding)}; only chunked is understood")
        return read_chunked(stream, limit)
    length = content_length(lengths)
    if length > limit:
        raise WireError(413, f"Content-Length {length} is over the limit of {limit} bytes")
    body = stream.read(length) if length else b""
    if len(body) < length:
        raise WireError(400, f"The body ended after {len(body)} of {length} bytes")
    return body


def content_length(values: list[str]) -> int:
    """One number of bytes; a repeated header must repeat the same number (RFC 9112 §6.3)."""
    numbers = {part.strip() for value in values for part in value.split(",")}
    if not numbers:
        return 0
    if len(numbers) > 1 or not DIGITS.fullmatch(text := numbers.pop()):
        joined = ", ".join(values)
        raise WireError(400, f"Content-Length {shown(joined)}; expected one number of bytes")
    return int(text)


def read_chunked(stream: BufferedIOBase, limit: int) -> bytes:
    """A chunked body (RFC 9112 §7.1), at most ``limit`` bytes; trailer fields are skipped."""
    body = bytearray()
    while size := chunk_size(stream.readline(MAX_LINE + 1)):
        if len(body) + size > limit:
            raise WireError(413, f"The chunked body is over the limit of {limit} bytes")
        chunk = stream.read(size)
        if len(chunk) < size or stream.readline(MAX_LINE + 1).strip(b"\r\n"):
            raise WireError(400, f"A chunk of {size} bytes ended early or without CRLF")
        body += chunk
    for _ in range(MAX_TRAILERS):
        if not stream.readline(MAX_LINE + 1).strip(b"\r\n"):
            return bytes(body)
    raise WireError(431, f"More than {MAX_TRAILERS} trailer fields after the chunked body")


def chunk_size(line: bytes) -> int:
    size = line.split(b";", 1)[0].strip(b" \t\r\n")
    if len(line) > MAX_LINE or not CHUNK_SIZE.fullmatch(size):
        text = size.decode("iso-8859-1")
        raise WireError(400, f"Chunk size {shown(text)}; expected 1 to 8 hexadecimal digits")
    return int(size, 16)
