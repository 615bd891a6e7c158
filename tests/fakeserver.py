"""A scripted OpenAI-compatible HTTP server on 127.0.0.1 for tests: chat, embeddings, models.

Replies come from a queue of scripted `Reply`s, else from a responder callable,
else a 500 saying nothing was scripted. Every request body and Authorization
header is recorded. A server can answer after a fixed latency, take at most
`max_concurrent` chat requests at once (the rest wait their turn, as a busy
inference server does) and be switched to failing: `fail = "500"` answers every
request with HTTP 500, `fail = "stall"` accepts and never answers (until stopped).
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import numpy as np

_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                422: "invalid_request_error", 429: "rate_limit_error"}


@dataclass(frozen=True)
class Reply:
    """One scripted answer: content with status 200, an HTTP error, a delay, or a dropped connection."""

    content: str = ""
    status: int = 200
    error: str = "scripted error"
    delay_s: float = 0.0
    drop: bool = False
    prompt_tokens: int = 11
    completion_tokens: int = 7


def answer(data: dict[str, Any], **kwargs: Any) -> Reply:
    """A 200 reply whose content is `data` as JSON."""
    return Reply(content=json.dumps(data), **kwargs)


Responder = Callable[[dict[str, Any]], Reply]

#: The longest a stalled request is held open (the server's stop releases it sooner).
STALL_LIMIT_S = 30.0


class FakeLLMServer:
    """Start with `with FakeLLMServer() as server:`; point clients at `server.base_url`."""

    def __init__(self, responder: Responder | None = None, *, embedding_dim: int = 8,
                 reject_json_schema: bool = False, model: str = "fake-model", latency_s: float = 0.0,
                 max_concurrent: int | None = None) -> None:
        self.responder = responder
        self.latency_s = latency_s
        self.fail: str | None = None
        self.active = 0
        self.peak_active = 0
        self.answered = 0
        self.connections = 0  # TCP connections accepted (a client that keeps them alive opens few)
        self._slots = threading.Semaphore(max_concurrent) if max_concurrent else None
        self.embedding_dim = embedding_dim
        self.reject_json_schema = reject_json_schema
        self.model = model
        self.chat_requests: list[dict[str, Any]] = []
        self.embedding_requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.authorizations: list[str] = []
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _Listener(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="fake-llm", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def script(self, *replies: Reply) -> None:
        """Queue replies for the next chat completions, in order."""
        with self._lock:
            self._script.extend(replies)

    def start(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers that are waiting out a delay
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _chat_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.chat_requests.append(body)
            scripted = self._script.popleft() if self._script else None
        if self.reject_json_schema and (body.get("response_format") or {}).get("type") == "json_schema":
            return Reply(status=400, error="response_format type json_schema is not supported by this server")
        if scripted is not None:
            return scripted
        if self.responder is not None:
            return self.responder(body)
        return Reply(status=500, error="fake server: no reply scripted")

    def _serve_chat(self, handler: Any, body: dict[str, Any]) -> None:
        """Wait for a slot (the concurrency cap), wait out the latency, then answer or fail."""
        if self._slots is not None:
            while not self._slots.acquire(timeout=0.05):
                if self._stopping.is_set():
                    return
        try:
            with self._lock:
                self.active += 1
                self.peak_active = max(self.peak_active, self.active)
            if self.fail == "stall":
                self._stopping.wait(STALL_LIMIT_S)
                return
            if self.latency_s and self._stopping.wait(self.latency_s):
                return
            if self.fail == "500":
                handler._json(500, _error_body(500, "fake server: failing"))
                return
            handler._send_chat(body, self._chat_reply(body))
            with self._lock:
                self.answered += 1
        finally:
            with self._lock:
                self.active -= 1
            if self._slots is not None:
                self._slots.release()

    def _embeddings(self, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.embedding_requests.append(body)
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [{"object": "embedding", "index": i, "embedding": self.vector(text).tolist()}
                for i, text in enumerate(texts)]
        return {"object": "list", "model": body.get("model"), "data": data,
                "usage": {"prompt_tokens": len(texts), "total_tokens": len(texts)}}

    def vector(self, text: str) -> np.ndarray:
        """The deterministic (not normalised) vector this server gives `text`."""
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        return np.random.default_rng(seed).normal(size=self.embedding_dim).astype(np.float32) * 3


class _Listener(ThreadingHTTPServer):
    request_queue_size = 256  # many clients connect at once in the pool tests


def _handler_for(server: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: with Nagle's algorithm on, the body waits for the
        # client's delayed ACK (40 ms on Linux) on every keep-alive request. Real servers set TCP_NODELAY too.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def setup(self) -> None:
            super().setup()
            with server._lock:
                server.connections += 1

        def do_GET(self) -> None:
            server.paths.append(self.path)
            if server.fail == "stall":
                server._stopping.wait(STALL_LIMIT_S)
                return
            if server.fail == "500":
                self._json(500, _error_body(500, "fake server: failing"))
            elif self.path.rstrip("/") == "/v1/models":
                self._json(200, {"object": "list", "data": [
                    {"id": server.model, "object": "model", "created": 0, "owned_by": "fake"}]})
            else:
                self._json(404, _error_body(404, f"no route {self.path}"))

        def do_POST(self) -> None:
            server.paths.append(self.path)
            server.authorizations.append(self.headers.get("Authorization", ""))
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            if self.path == "/v1/embeddings":
                self._json(200, server._embeddings(body))
            elif self.path == "/v1/chat/completions":
                server._serve_chat(self, body)
            else:
                self._json(404, _error_body(404, f"no route {self.path}"))

        def _send_chat(self, body: dict[str, Any], reply: Reply) -> None:
            if reply.delay_s and server._stopping.wait(reply.delay_s):
                return
            if reply.drop:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if reply.status != 200:
                self._json(reply.status, _error_body(reply.status, reply.error))
                return
            self._json(200, {
                "id": f"chatcmpl-fake-{len(server.chat_requests)}",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", server.model),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": reply.content}}],
                "usage": {"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                          "total_tokens": reply.prompt_tokens + reply.completion_tokens},
            })

        def _json(self, status: int, data: dict[str, Any]) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def _error_body(status: int, message: str) -> dict[str, Any]:
    kind = _ERROR_TYPES.get(status, "server_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}
