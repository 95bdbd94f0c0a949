"""What the throwaway servers (postgres.py, elasticsearch.py) share: free ports, liveness of
a process or process group, log tails, and the start()/stop() context manager."""

from __future__ import annotations

import contextlib
import os
import re
import socket
from types import TracebackType
from typing import Self

HOST = "127.0.0.1"


def free_ports(count: int = 1) -> list[int]:
    """Ports the OS considers free right now. All sockets stay open until every port is
    known, so the ports are distinct."""
    with contextlib.ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind((HOST, 0))
            ports.append(sock.getsockname()[1])
        return ports


def alive(pid: int, *, group: bool = False) -> bool:
    """Whether the process (or, with group, any process of the group `pid`) still exists;
    one owned by another user counts as alive."""
    try:
        (os.killpg if group else os.kill)(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def tail(text: str, lines: int) -> str:
    """The last lines of a log or a command's output, without terminal colour codes."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # Maven colours some lines despite -B
    return "\n".join(text.rstrip().splitlines()[-lines:])


class Service:
    """`with Server() as server:` starts the server and stops it however the block ends;
    `server.url` is where it listens (`url_pattern` filled with host and port)."""

    name = ""
    url_pattern = "http://{host}:{port}"
    port: int | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError(f"The {self.name} server has not been started")
        return self.url_pattern.format(host=HOST, port=self.port)

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
