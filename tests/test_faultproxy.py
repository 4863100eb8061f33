"""The fault proxy itself, in front of a tiny stand-in wiki (no MediaWiki needed)."""

from __future__ import annotations

import http.client
import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from faultproxy import (
    DROP,
    HANG,
    HTTP_503,
    LOSE_ANSWER,
    MAXLAG,
    PORTS,
    RESET,
    SLOW,
    FaultProxy,
    edit_of,
    edits,
)


class _Wiki(http.server.BaseHTTPRequestHandler):
    """Answers every request with what it received, as JSON; sets two cookies."""

    received: list[dict[str, Any]]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        seen = {"method": self.command, "path": self.path, "body": body,
                "host": self.headers.get("Host")}  # fmt: skip
        self.server.received.append(seen)  # type: ignore[attr-defined]
        data = json.dumps(seen).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", "a=1; path=/")
        self.send_header("Set-Cookie", "b=2; path=/")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer


@pytest.fixture
def upstream() -> Iterator[http.server.ThreadingHTTPServer]:
    server = None
    for port in reversed(PORTS):  # the proxy takes the first free port
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Wiki)
            break
        except OSError:
            continue
    assert server is not None, "no free port for the stand-in wiki"
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def proxy(upstream: http.server.ThreadingHTTPServer) -> Iterator[FaultProxy]:
    with FaultProxy(f"http://127.0.0.1:{upstream.server_address[1]}") as running:
        yield running
    assert running.threads() == [], "a proxy thread outlived stop()"


def call(
    proxy: FaultProxy, method: str = "GET", timeout: float = 5, **params: str
) -> tuple[int, dict[str, str], bytes, list[tuple[str, str]]]:
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=timeout)
    try:
        if method == "POST":
            body = urlencode(params)
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            connection.request("POST", "/api.php", body=body, headers=headers)
        else:
            connection.request("GET", "/api.php?" + urlencode(params))
        response = connection.getresponse()
        raw = response.getheaders()
        return response.status, dict(raw), response.read(), raw
    finally:
        connection.close()


def test_forwards_requests_and_answers_unchanged(
    proxy: FaultProxy, upstream: http.server.ThreadingHTTPServer
) -> None:
    status, _, body, raw = call(proxy, "POST", action="edit", title="A", text="x y")
    assert status == 200
    seen = json.loads(body)
    assert seen["method"] == "POST"
    assert seen["body"] == "action=edit&title=A&text=x+y"
    assert seen["host"] == f"127.0.0.1:{upstream.server_address[1]}"
    assert [v for k, v in raw if k.lower() == "set-cookie"] == ["a=1; path=/", "b=2; path=/"]
    status, _, body, _ = call(proxy, action="query", titles="B")
    assert json.loads(body)["path"] == "/api.php?action=query&titles=B"
    assert proxy.forwarded == {"edit": 1, "query": 1}
    assert sum(proxy.injected.values()) == 0


def test_a_503_goes_to_the_next_matching_requests_only(proxy: FaultProxy) -> None:
    proxy.add(HTTP_503, times=2, when=edits, retry_after=3)

    assert call(proxy, action="query")[0] == 200
    first = call(proxy, "POST", action="edit", title="A")
    second = call(proxy, "POST", action="edit", title="A")
    third = call(proxy, "POST", action="edit", title="A")

    assert (first[0], first[1]["Retry-After"]) == (503, "3")
    assert second[0] == 503
    assert third[0] == 200
    assert proxy.injected[HTTP_503] == 2
    assert proxy.forwarded == {"query": 1, "edit": 1}
    assert proxy.pending == 0


def test_maxlag_is_mediawikis_error_with_its_headers(proxy: FaultProxy) -> None:
    proxy.add(MAXLAG, lag=7, retry_after=2)

    status, headers, body, _ = call(proxy, action="query", maxlag="5")

    assert status == 200
    assert headers["Retry-After"] == "2"
    assert headers["X-Database-Lag"] == "7"
    error = json.loads(body)["error"]
    assert error["code"] == "maxlag"
    assert error["lag"] == 7
    assert error["info"] == "Waiting for 127.0.0.1: 7 seconds lagged"


def test_after_lets_the_first_matches_through(proxy: FaultProxy) -> None:
    proxy.add(DROP, when=edit_of("B"), after=1)

    assert call(proxy, "POST", action="edit", title="A")[0] == 200
    assert call(proxy, "POST", action="edit", title="B")[0] == 200
    with pytest.raises(http.client.RemoteDisconnected):
        call(proxy, "POST", action="edit", title="B")
    assert call(proxy, "POST", action="edit", title="B")[0] == 200
    assert proxy.injected == {DROP: 1}


def test_drop_closes_without_an_answer_and_reset_resets(proxy: FaultProxy) -> None:
    proxy.add(DROP)
    proxy.add(RESET)

    with pytest.raises(http.client.RemoteDisconnected):
        call(proxy)
    with pytest.raises(ConnectionResetError):
        call(proxy)
    assert proxy.injected == {DROP: 1, RESET: 1}
    assert proxy.forwarded == {}


def test_lose_answer_does_the_work_and_drops_the_answer(
    proxy: FaultProxy, upstream: http.server.ThreadingHTTPServer
) -> None:
    proxy.add(LOSE_ANSWER, when=edits)

    with pytest.raises(http.client.RemoteDisconnected):
        call(proxy, "POST", action="edit", title="A")

    assert [r["body"] for r in upstream.received] == ["action=edit&title=A"]  # type: ignore[attr-defined]
    assert proxy.injected == {LOSE_ANSWER: 1}


def test_slow_answers_late_and_a_short_timeout_gives_up(proxy: FaultProxy) -> None:
    proxy.add(SLOW, seconds=0.6)
    proxy.add(SLOW, seconds=0.6)

    started = time.monotonic()
    assert call(proxy)[0] == 200
    assert time.monotonic() - started >= 0.6
    with pytest.raises(TimeoutError):
        call(proxy, timeout=0.2)
    assert proxy.injected[SLOW] == 2
    assert proxy.wait_for(lambda p: p.unheard == 1, timeout=2), "the late answer was heard"


def test_hang_holds_until_stopped_and_wait_for_sees_it(
    upstream: http.server.ThreadingHTTPServer,
) -> None:
    proxy = FaultProxy(f"http://127.0.0.1:{upstream.server_address[1]}").start()
    errors: list[BaseException] = []

    def client() -> None:
        try:
            call(proxy, timeout=10)
        except (OSError, http.client.HTTPException) as error:
            errors.append(error)

    thread = threading.Thread(target=client)
    try:
        proxy.add(HANG, seconds=30)
        thread.start()
        assert proxy.wait_for(lambda p: p.injected[HANG] == 1, timeout=5)
        started = time.monotonic()
    finally:
        proxy.stop()
        thread.join(timeout=10)
    assert time.monotonic() - started < 2
    assert len(errors) == 1
    assert proxy.threads() == []
    assert upstream.received == []  # type: ignore[attr-defined]


def test_refusing_is_a_refused_connection_then_it_listens_again(proxy: FaultProxy) -> None:
    port = proxy.port
    with proxy.refusing(), pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert proxy.port == port
    assert call(proxy)[0] == 200


def test_a_refusing_proxys_port_is_not_taken_by_another_proxy(
    proxy: FaultProxy, upstream: http.server.ThreadingHTTPServer
) -> None:
    with proxy.refusing():
        other = FaultProxy(f"http://127.0.0.1:{upstream.server_address[1]}").start()
        try:
            assert other.port != proxy.port
        finally:
            other.stop()
    assert call(proxy)[0] == 200


def test_wait_for_is_bounded(proxy: FaultProxy) -> None:
    started = time.monotonic()
    assert not proxy.wait_for(lambda p: p.forwarded["edit"] > 0, timeout=0.3)
    assert time.monotonic() - started < 1


def test_unknown_faults_and_unbounded_holds_are_refused(proxy: FaultProxy) -> None:
    with pytest.raises(ValueError):
        proxy.add("teapot")
    with pytest.raises(ValueError):
        proxy.add(HANG, seconds=0)
