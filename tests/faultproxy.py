"""A fault-injecting HTTP reverse proxy in front of the test wiki (stdlib only).

The bot talks to ``http://127.0.0.1:<port>/api.php``; the proxy passes each request on
to the wiki and relays the answer, unless a scripted fault says otherwise::

    with FaultProxy() as proxy:
        proxy.add(HTTP_503, times=2, when=edits)      # the next two edits get a 503
        proxy.add(MAXLAG, when=reads)                 # the next read gets a maxlag error
        ... run the bot against proxy.api ...
        assert proxy.injected[HTTP_503] == 2

Faults, each for the next ``times`` requests that ``when`` accepts (after letting the
first ``after`` of them through):

``DROP``        read the request, close the connection without a word (the client sees
                "connection aborted / remote end closed connection");
``RESET``       the same with a TCP reset (SO_LINGER 0: "connection reset by peer");
``HTTP_503``    answer 503 Service Unavailable with ``Retry-After``;
``MAXLAG``      answer as MediaWiki does when replicas lag: HTTP 200, a JSON ``maxlag``
                error, ``Retry-After`` and ``X-Database-Lag``;
``SLOW``        wait ``seconds``, then pass the request on (the answer may come after
                the client gave up: a late request the wiki still carries out);
``LOSE_ANSWER`` pass the request on (the wiki does the work) and drop its answer;
``HANG``        hold the request, never pass it on, until ``seconds`` or ``stop()``.

A refused connection is the real thing: :meth:`FaultProxy.refusing` closes the
listening socket (the kernel answers the client's SYN with a reset, ECONNREFUSED) and
listens again on the same port afterwards.  Fault proxies claim their port with a lock
file, so that no other proxy (another test run's) takes it while this one refuses.

Every wait is bounded: sockets carry timeouts, sleeps end early when the proxy stops,
and the server's threads are joined with a timeout on stop.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import http.server
import json
import select
import socket
import socketserver
import struct
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO
from urllib.parse import parse_qsl, urlsplit

DROP = "drop"
RESET = "reset"
HTTP_503 = "503"
MAXLAG = "maxlag"
SLOW = "slow"
LOSE_ANSWER = "lose-answer"
HANG = "hang"
FAULTS = (DROP, RESET, HTTP_503, MAXLAG, SLOW, LOSE_ANSWER, HANG)

#: The ports this proxy may listen on (the test wiki itself is on 8766).
PORTS = range(8780, 8790)
#: How long the proxy waits for the client's request or the wiki's answer.
SOCKET_TIMEOUT = 30.0
#: What no single fault may hold a request longer than.
MAX_HOLD = 60.0
#: How long stop() waits for the threads still serving a request.
JOIN_TIMEOUT = 10.0

_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "host",
}


@dataclass(frozen=True)
class Request:
    """One request as the proxy read it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def params(self) -> dict[str, str]:
        """The query string's and the urlencoded form's parameters (the last wins)."""
        pairs = parse_qsl(urlsplit(self.path).query, keep_blank_values=True)
        if self.body and "multipart" not in self.headers.get("content-type", ""):
            pairs += parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return dict(pairs)

    @property
    def action(self) -> str:
        return self.params.get("action", "")

    def describe(self) -> str:
        params = self.params
        what = params.get("title") or params.get("generator") or params.get("meta") or ""
        return f"{self.method} {self.action or self.path}{' ' + what if what else ''}"


Predicate = Callable[[Request], bool]


def any_request(request: Request) -> bool:
    return True


def edits(request: Request) -> bool:
    """``action=edit`` requests (saves)."""
    return request.action == "edit"


def reads(request: Request) -> bool:
    """``action=query`` requests that are not the login's or the token's."""
    return request.action == "query" and "meta" not in request.params


def edit_of(title: str) -> Predicate:
    """Saves of the page ``title``."""

    def predicate(request: Request) -> bool:
        return edits(request) and request.params.get("title") == title

    return predicate


@dataclass
class Rule:
    kind: str
    times: int
    when: Predicate
    after: int = 0
    seconds: float = 0.0
    retry_after: int = 1
    lag: int = 5


@dataclass
class Seen:
    """One request and what the proxy did with it."""

    request: str
    outcome: str  # a fault's name, or "forwarded"
    status: int | None = None
    at: float = field(default_factory=time.monotonic)


class FaultProxy:
    """The proxy: a ThreadingHTTPServer in a thread of its own."""

    def __init__(self, upstream: str = "http://127.0.0.1:8766", port: int | None = None) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.upstream_netloc = parts.netloc
        self._wanted_port = port
        self.port = 0
        self._rules: list[Rule] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._claim: TextIO | None = None
        self._thread: threading.Thread | None = None
        #: How many times each fault was injected.
        self.injected: Counter[str] = Counter()
        #: Requests passed on to the wiki and answered, by action.
        self.forwarded: Counter[str] = Counter()
        self.log: list[Seen] = []
        #: Answers nobody was there to take (the client had timed out or was killed).
        self.unheard = 0

    # --- life cycle ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.url}/api.php"

    def start(self) -> FaultProxy:
        self._stopping.clear()
        self._listen()
        return self

    def stop(self) -> None:
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
        self._close_listener()
        if self._claim is not None:
            self._claim.close()
            self._claim = None

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _listen(self) -> None:
        """Listen again on the port this proxy holds, or claim a free one of PORTS."""
        if self._claim is not None:
            self._serve_on(self.port)
            return
        ports = [self._wanted_port] if self._wanted_port else list(PORTS)
        error: OSError | None = None
        for port in ports:
            claim = _claim(port)
            if claim is None:
                continue  # another fault proxy (maybe another test run's) holds it
            try:
                self._serve_on(port)
            except OSError as exc:
                claim.close()
                error = exc
                continue
            self._claim = claim
            return
        raise OSError(f"the fault proxy found no free port in {ports}: {error}")

    def _serve_on(self, port: int) -> None:
        server = _Server(("127.0.0.1", port), _Handler, self)
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"faultproxy:{self.port}",
            daemon=True,
        )
        self._thread.start()

    def _close_listener(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()  # returns once serve_forever has left its loop (poll: 50 ms)
        server.server_close()  # joins the handler threads, each bounded (see _Server)
        if thread is not None:
            thread.join(timeout=5)

    def threads(self) -> list[threading.Thread]:
        """This proxy's threads still alive (none once stop() has returned)."""
        prefix = f"faultproxy:{self.port}"
        return [
            t
            for t in threading.enumerate()
            if (t.name == prefix or t.name.startswith(prefix + ":")) and t.is_alive()
        ]

    @contextlib.contextmanager
    def refusing(self) -> Iterator[None]:
        """Not listening: every connection is refused until the block ends.

        The port stays claimed (see _claim), so no other fault proxy takes it meanwhile.
        """
        self._close_listener()
        try:
            yield
        finally:
            if not self._stopping.is_set():
                self._listen()

    # --- scripting faults ------------------------------------------------------------------

    def add(
        self,
        kind: str,
        *,
        times: int = 1,
        when: Predicate = any_request,
        after: int = 0,
        seconds: float = 0.0,
        retry_after: int = 1,
        lag: int = 5,
    ) -> None:
        """Inject ``kind`` into the next ``times`` requests ``when`` accepts, after ``after``."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULTS}")
        if kind in (SLOW, HANG) and not 0 < seconds <= MAX_HOLD:
            raise ValueError(f"{kind} needs 0 < seconds <= {MAX_HOLD}")
        with self._lock:
            self._rules.append(Rule(kind, times, when, after, seconds, retry_after, lag))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    @property
    def pending(self) -> int:
        """Faults scripted and not injected yet."""
        with self._lock:
            return sum(rule.times for rule in self._rules)

    def wait_for(self, condition: Callable[[FaultProxy], bool], timeout: float) -> bool:
        """Wait (at most ``timeout`` seconds) until ``condition(self)`` holds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition(self):
                left = deadline - time.monotonic()
                if left <= 0 or self._stopping.is_set():
                    return condition(self)
                self._changed.wait(min(left, 0.5))
            return True

    def _rule_for(self, request: Request) -> Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.times <= 0 or not rule.when(request):
                    continue
                if rule.after > 0:
                    rule.after -= 1
                    return None
                rule.times -= 1
                return rule
            return None

    def _client_gone(self) -> None:
        with self._changed:
            self.unheard += 1
            self._changed.notify_all()

    def _record(self, request: Request, outcome: str, status: int | None = None) -> None:
        with self._changed:
            if outcome == "forwarded":
                self.forwarded[request.action or "?"] += 1
            else:
                self.injected[outcome] += 1
            self.log.append(Seen(request.describe(), outcome, status))
            self._changed.notify_all()

    # --- one request -----------------------------------------------------------------------

    def _serve(self, handler: _Handler, request: Request) -> None:
        rule = self._rule_for(request)
        kind = rule.kind if rule else None
        if rule is not None and kind in (DROP, RESET, HANG, HTTP_503, MAXLAG):
            self._record(request, rule.kind)
        if kind == HANG and rule is not None:
            self._stopping.wait(rule.seconds)
            kind = DROP
        if kind in (DROP, RESET):
            handler.abort(reset=kind == RESET)
            return
        if kind == HTTP_503 and rule is not None:
            body = b"<html><body><h1>503 Service Unavailable</h1>Try again.</body></html>"
            handler.answer(
                503,
                "Service Unavailable",
                {"Content-Type": "text/html", "Retry-After": str(rule.retry_after)},
                body,
            )
            return
        if kind == MAXLAG and rule is not None:
            error = {
                "error": {
                    "code": "maxlag",
                    "info": f"Waiting for 127.0.0.1: {rule.lag} seconds lagged",
                    "host": "127.0.0.1",
                    "lag": rule.lag,
                    "type": "db",
                },
                "servedby": "faultproxy",
            }
            handler.answer(
                200,
                "OK",
                {
                    "Content-Type": "application/json; charset=utf-8",
                    "Retry-After": str(rule.retry_after),
                    "X-Database-Lag": str(rule.lag),
                },
                json.dumps(error).encode(),
            )
            return
        if kind == SLOW and rule is not None:
            self._record(request, SLOW)
            self._stopping.wait(rule.seconds)
            if self._stopping.is_set():
                handler.abort(reset=False)
                return
        try:
            status, reason, headers, body = self._forward(request)
        except OSError as error:
            self._record(request, "bad-gateway", 502)
            handler.answer(502, "Bad Gateway", {"Content-Type": "text/plain"}, str(error).encode())
            return
        if kind == LOSE_ANSWER:
            self._record(request, LOSE_ANSWER, status)  # the wiki did the work
            handler.abort(reset=False)
            return
        self._record(request, "forwarded", status)  # before the client can see the answer
        handler.answer(status, reason, headers, body)

    def _forward(self, request: Request) -> tuple[int, str, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(
            self.upstream_host, self.upstream_port, timeout=SOCKET_TIMEOUT
        )
        try:
            headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
            headers["Host"] = self.upstream_netloc
            headers["Connection"] = "close"
            if request.body or request.method == "POST":
                headers["Content-Length"] = str(len(request.body))
            connection.request(request.method, request.path, body=request.body, headers=headers)
            response = connection.getresponse()
            body = response.read()
            answer = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
            # Several Set-Cookie headers must stay several: keep them apart.
            merged: dict[str, str] = {}
            cookies = [v for k, v in answer if k.lower() == "set-cookie"]
            for k, v in answer:
                if k.lower() != "set-cookie":
                    merged[k] = v
            if cookies:
                merged["Set-Cookie"] = "\n".join(cookies)
            return response.status, response.reason, merged, body
        finally:
            connection.close()


def _claim(port: int) -> TextIO | None:
    """A lock on ``port`` among fault proxies, in any process; None when another holds it.

    A proxy that stops listening for a while (refusing) gives the port back to the
    kernel: without the claim, another test run's proxy could take it meanwhile and
    this run's bot would talk to that run's wiki.
    """
    handle = (Path(tempfile.gettempdir()) / f"recsync-faultproxy-{port}.lock").open("a")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


class _Server(http.server.ThreadingHTTPServer):
    """One thread per connection; ``server_close`` joins them, each for a bounded time."""

    daemon_threads = True  # never keeps the interpreter alive
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(
        self, address: tuple[str, int], handler: type[_Handler], proxy: FaultProxy
    ) -> None:
        self.proxy = proxy
        self.workers: list[threading.Thread] = []
        super().__init__(address, handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks the resolver for the host's name: not needed here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]

    def process_request(self, request: Any, client_address: Any) -> None:
        worker = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"faultproxy:{self.server_address[1]}:worker",
            daemon=True,
        )
        self.workers = [w for w in self.workers if w.is_alive()]
        self.workers.append(worker)
        worker.start()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up mid-request is a fault scenario, not a proxy error."""
        self.proxy._client_gone()

    def server_close(self) -> None:
        super().server_close()
        deadline = time.monotonic() + JOIN_TIMEOUT
        for worker in self.workers:
            worker.join(timeout=max(0.0, deadline - time.monotonic()))


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT  # reading the request

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(self.command, self.path, dict(self.headers.items()), body)
        self.close_connection = True
        self.server.proxy._serve(self, request)

    do_GET = do_POST = do_HEAD = _handle

    def client_gone(self) -> bool:
        """Whether the client has hung up (its end reads as closed)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def answer(self, status: int, reason: str, headers: dict[str, str], body: bytes) -> None:
        if self.client_gone():
            self.close_connection = True
            self.server.proxy._client_gone()
            return
        self.send_response_only(status, reason)
        for name, value in headers.items():
            for line in value.split("\n") if name.lower() == "set-cookie" else [value]:
                self.send_header(name, line)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        try:
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self.wfile.flush()
        except OSError:  # the client gave up (a timeout) or was killed
            self.close_connection = True
            self.server.proxy._client_gone()

    def abort(self, *, reset: bool) -> None:
        """Close the connection without an answer; with a TCP reset if ``reset``."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            if reset:
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
        # BaseHTTPRequestHandler.finish() would flush wfile; nothing is buffered.
        with contextlib.suppress(OSError):
            self.connection.close()
