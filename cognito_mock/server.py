"""The standalone HTTP server: ``cognito-mock serve`` in the foreground until SIGINT/SIGTERM."""
from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path

from . import seeding
from .backend import persistence
from .backend.store import Store
from .web.serving import http_server

log = logging.getLogger("cognito_mock.server")


def serve(host: str = "127.0.0.1", port: int = 9229, store: Store | None = None, persist: str | None = None,
          public_url: str | None = None, seed: str | None = None) -> None:
    """Serve in the foreground until SIGINT or SIGTERM. With ``persist``, the state lives in that file
    (backend/persistence): loaded at start when it holds one, and every change written before its
    request is answered (persistence.StoreFileError, file untouched, when it cannot be used).
    ``seed``: a state file loaded before listening (seeding.SeedError when bad), unless ``persist``
    brought a state back."""
    store = store or Store()
    durable = None
    restored = False
    if persist:
        persistence.check_location(Path(persist))
        restored = persistence.holds_state(persist)
    with store.lock:           # nothing listens yet; the lock keeps the rule (only transports take it)
        counts = seeding.load(store, seed) if seed and not restored else None
        if persist:
            durable = persistence.attach(store, persist)
    if restored:
        print(f"cognito-mock: state loaded from {persist}" + (f"; --seed {seed} not applied" if seed else ""), flush=True)
    elif persist:
        print(f"cognito-mock: keeping the state in {persist} (a new store; every change is written before "
              "its answer)", flush=True)
    elif counts is not None:
        print(f"cognito-mock: seeded from {seed}: " + ", ".join(f"{n} {k}" for k, n in counts.items()), flush=True)
    server = http_server(store, host, port, public_url)

    received: list[int] = []

    def stop(signum, _frame):       # the first signal answers the requests received; a second one does not wait
        again = bool(received)
        received.append(signum)
        log.info("cognito-mock: %s received, stopping%s", signal.Signals(signum).name,
                 " without waiting for the requests in progress" if again else "")
        threading.Thread(target=server.shutdown, kwargs={"drain": not again}, daemon=True).start()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    host_shown, port_shown = server.server_address[:2]
    print(f"cognito-mock listening on {host_shown}:{port_shown}, issuer {server.app.public_url}/<poolId>  "
          "(Ctrl-C to stop)", flush=True)
    print(f"cognito-mock: dashboard at {server.app.public_url}/ (open it in a browser)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        if durable is not None:
            with store.lock:
                durable.close()
            print(f"cognito-mock: state kept in {persist}", flush=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print("cognito-mock stopped", flush=True)
