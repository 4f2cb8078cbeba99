"""``cognito-mock serve [--host] [--port]``."""
from __future__ import annotations

import argparse
import logging
import sys

from .version import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cognito-mock", description="A local emulator of Amazon Cognito.")
    parser.add_argument("--version", action="version", version=f"cognito-mock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP server (AWS API, JWKS, OIDC) in the foreground")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=9229, help="port to listen on (default 9229)")
    serve.add_argument("--persist", metavar="PATH",
                       help="load state from PATH at start (if it exists) and save it there on stop")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.command == "serve":
        from .server import serve as run
        try:
            run(args.host, args.port, persist=args.persist)
        except OSError as exc:
            print(f"cognito-mock: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
