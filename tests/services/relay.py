"""A TCP relay in front of a running server that can drop off the network and come back: the
outage tests' way to make Elasticsearch go down mid-test without stopping the JVM that every
other test shares (a stop and a start cost about half a minute of CPU each).

To the site the relay's outage is a stopped server: new connections are refused and the open
keep-alive connections are cut. It forwards bytes and nothing else, so every answer still
comes from the real server."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from urllib.parse import urlsplit

from .process import HOST, free_ports

_CHUNK = 65536


class Relay:
    def __init__(self, upstream_url: str) -> None:
        self.upstream_url = upstream_url.rstrip("/")
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname or HOST, parts.port or 80)
        self.port = free_ports(1)[0]
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def is_running(self) -> bool:
        return self._listener is not None

    def start(self) -> Relay:
        """Listen (again) on the same port: the server is back."""
        if self._listener is not None:
            return self
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Refuse new connections and cut the open ones, as a server that went away does."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            connections, self._connections = self._connections, set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def _accept(self, listener: socket.socket) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(listener, selectors.EVENT_READ)
            while self._listener is listener:
                if not selector.select(timeout=0.1):
                    continue
                try:
                    client, _ = listener.accept()
                except OSError:  # closed by stop() between select and accept
                    return
                try:
                    server = socket.create_connection(self.upstream, timeout=10)
                except OSError:
                    client.close()
                    continue
                server.settimeout(None)
                with self._lock:
                    if self._listener is not listener:  # stopped meanwhile
                        client.close()
                        server.close()
                        return
                    self._connections |= {client, server}
                threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        """Both directions of one connection, until either side closes it."""
        peers = {client: server, server: client}
        with selectors.DefaultSelector() as selector:
            for sock in peers:
                selector.register(sock, selectors.EVENT_READ)
            try:
                while client.fileno() != -1 and server.fileno() != -1:
                    for key, _ in selector.select(timeout=1.0):
                        data = key.fileobj.recv(_CHUNK)
                        if not data:
                            return
                        peers[key.fileobj].sendall(data)
            except (OSError, ValueError):  # cut by stop(): the sockets are closed
                return
            finally:
                with self._lock:
                    self._connections -= {client, server}
                for sock in peers:
                    with contextlib.suppress(OSError):
                        sock.close()
