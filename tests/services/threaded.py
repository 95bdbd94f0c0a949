"""An in-process server on a daemon thread, for the fakes tests reach over real sockets (the
browser tests' live server and tile server, the fake geocoder)."""

from __future__ import annotations

import threading
from socketserver import BaseServer


class ServingThread:
    """Serves `server` on a daemon thread from construction until stop()."""

    def __init__(self, server: BaseServer, poll_interval: float = 0.5) -> None:
        self.server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(poll_interval,), daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stops serving, closes the listening socket and waits for the thread to end."""
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()
