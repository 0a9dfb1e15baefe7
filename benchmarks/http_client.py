"""The load generator's HTTP client: HTTP/1.1 over asyncio streams, kept as light as possible.

The load generator shares the machine's cores with the server it measures, so every
millisecond it spends is taken from the server. aiohttp (cookie jar, header objects, its
connector) cost about 1.4 ms of CPU per request here; this client sends prepared bytes and
reads the reply until the server closes, which is what gunicorn's sync worker does after
every response. It keeps the session cookie like a browser and never follows redirects.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


class ProtocolError(Exception):
    """The server's reply could not be read as HTTP/1.1."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Client:
    """One virtual browser: its cookies, and a new connection for each request."""

    host: str
    port: int
    timeout: float = 60.0
    cookies: dict[str, str] = field(default_factory=dict)

    async def get(self, path: str) -> Reply:
        return await self.request("GET", path)

    async def post_form(self, path: str, body: bytes) -> Reply:
        return await self.request("POST", path, body, "application/x-www-form-urlencoded")

    async def request(
        self, method: str, path: str, body: bytes = b"", content_type: str = ""
    ) -> Reply:
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close"]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body or method == "POST":
            head += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
        message = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        return await asyncio.wait_for(self._exchange(message), self.timeout)

    async def _exchange(self, message: bytes) -> Reply:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(message)
            raw = await reader.read()  # until the server closes: one request per connection
        finally:
            writer.close()
        reply = parse_reply(raw)
        self._keep_cookies(reply.headers)
        return reply

    def _keep_cookies(self, headers: list[tuple[str, str]]) -> None:
        for name, value in headers:
            if name == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, cookie_value = cookie.partition("=")
                self.cookies[key.strip()] = cookie_value.strip()


def parse_reply(raw: bytes) -> Reply:
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        raise ProtocolError(f"incomplete reply ({len(raw)} bytes)")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise ProtocolError(f"bad status line {lines[0]!r}")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    fields = dict(headers)
    if fields.get("transfer-encoding", "").lower() == "chunked":
        body = _unchunk(body)
    elif "content-length" in fields and len(body) != int(fields["content-length"]):
        raise ProtocolError(f"body of {len(body)} bytes, announced {fields['content-length']}")
    return Reply(int(parts[1]), headers, body)


def _unchunk(body: bytes) -> bytes:
    chunks, rest = [], body
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return b"".join(chunks)
        chunks.append(rest[:size])
        rest = rest[size + 2 :]
