"""``cognito-mock serve [--host] [--port] [--public-url URL] [--persist PATH] [--seed FILE] [--trigger NAME=MODULE:FUNCTION ...] [--lambda-endpoint URL]``,
``cognito-mock export [--url URL] [--output FILE]``."""
from __future__ import annotations

import argparse
import importlib
import ipaddress
import logging
import sys
from urllib.parse import urlsplit

from .seeding import SeedError
from .version import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cognito-mock", description="A local emulator of Amazon Cognito.")
    parser.add_argument("--version", action="version", version=f"cognito-mock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP server (AWS API, JWKS, OIDC) in the foreground")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=port_number, default=9229, help="port to listen on (default 9229)")
    serve.add_argument("--public-url", metavar="URL", type=public_url,
                       help="the URL clients reach the server by, used for tokens' iss and discovery "
                            "(default http://127.0.0.1:PORT); its host name is answered too")
    serve.add_argument("--persist", metavar="PATH",
                       help="keep the state in the SQLite file PATH: loaded at start, every change written before "
                            "its answer (a file that is not a cognito-mock store: exit 2, file untouched)")
    serve.add_argument("--lambda-endpoint", metavar="URL", type=public_url,
                       help="a Lambda Invoke API (sam local start-lambda, LocalStack, moto) that runs the trigger "
                            "functions not registered with --trigger")
    serve.add_argument("--trigger", action="append", default=[], metavar="NAME=MODULE:FUNCTION",
                       help="serve the Lambda function NAME (or ARN) with a Python handler(event, context); "
                            "pools' LambdaConfig decides when it runs (repeatable)")
    add_proxy_parser(commands)
    add_api_parser(commands)
    add_seeding(serve, commands)
    args, extra = parser.parse_known_args(argv)
    if extra:       # name the subcommand's usage, not the top level's
        commands.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    if args.command == "proxy":
        return run_proxy(args)
    if args.command == "api":
        return run_api(args)
    if args.command == "export":
        return export(args)
    if args.command == "serve":
        from .backend.persistence import FormatError, StoreFileError
        from .backend.store import Store
        from .server import serve as run
        store = Store()
        if not is_loopback(args.host):
            print(f"cognito-mock: warning: --host {args.host} exposes the emulator beyond this machine; it has "
                  "no authentication and hands out every user's codes and tokens", file=sys.stderr)
        store.env.triggers.endpoint = args.lambda_endpoint
        try:
            for spec in args.trigger:
                register_trigger(store, spec)
        except (ValueError, ImportError, AttributeError) as exc:
            print(f"cognito-mock: --trigger: {exc}", file=sys.stderr)
            return 2
        try:
            run(args.host, args.port, store=store, persist=args.persist, public_url=args.public_url, seed=args.seed)
        except SeedError as exc:        # nothing was created, nothing is served
            print(f"cognito-mock: --seed {args.seed}: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"cognito-mock: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        except (StoreFileError, FormatError) as exc:   # a --persist path or file that cannot be used
            print(f"cognito-mock: {exc}" if isinstance(exc, StoreFileError) else
                  f"cognito-mock: --persist {args.persist}: cannot be read by this release ({exc})", file=sys.stderr)
            return 2
    return 0


def add_seeding(serve: argparse.ArgumentParser, commands) -> None:
    """``serve --seed FILE`` and ``export``: state files (cognito_mock/seeding/)."""
    serve.add_argument("--seed", metavar="FILE",
                       help="create the user pools, clients, users and identity pools of FILE (JSON, or YAML with "
                            "PyYAML) at start, in the format `export` writes; a bad file stops the server (exit 2)")
    export = commands.add_parser("export", help="print a running server's state as a seed file (JSON)")
    export.add_argument("--url", default="http://127.0.0.1:9229", help="the server (default http://127.0.0.1:9229)")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")


def export(args) -> int:
    """GET {url}/_mock/state, written as indented JSON (secrets and password hashes included)."""
    import json
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(args.url.rstrip("/") + "/_mock/state", timeout=30) as response:
            state = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        print(f"cognito-mock: export: cannot read {args.url}/_mock/state: {getattr(exc, 'reason', exc)}", file=sys.stderr)
        return 1
    text = json.dumps(state, indent=2) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def public_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(f"{text!r} is not an http(s) URL such as http://localhost:9229")
    return text.rstrip("/")


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def register_trigger(store, spec: str) -> None:
    """``NAME=MODULE:FUNCTION``: import MODULE (from the current directory too) and register FUNCTION
    as the Lambda function NAME (a function name or a full ARN)."""
    name, sep, target = spec.partition("=")
    module_name, colon, attribute = target.partition(":")
    if not (sep and colon and name and module_name and attribute):
        raise ValueError(f"expected NAME=MODULE:FUNCTION, got {spec!r}")
    if "" not in sys.path:
        sys.path.insert(0, "")
    fn = getattr(importlib.import_module(module_name), attribute)
    store.env.triggers.register(name, fn)


# --- cognito-mock proxy (cognito_mock/edge) -------------------------------------------------------

def add_proxy_parser(commands) -> None:
    proxy = commands.add_parser("proxy", help="API Gateway's Cognito authorizers or ALB's authenticate-cognito "
                                               "as a reverse proxy in front of a local HTTP app")
    proxy.add_argument("--mode", required=True, choices=["apigw-rest", "apigw-http", "alb"])
    proxy.add_argument("--upstream", required=True, metavar="URL", help="the app to forward admitted requests to")
    proxy.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    proxy.add_argument("--port", type=port_number, default=8080, help="port to listen on (default 8080)")
    proxy.add_argument("--user-pool-id", required=True, metavar="ID")
    proxy.add_argument("--client-id", action="append", default=[], metavar="ID",
                       help="apigw-http: an audience entry (repeatable); alb: the app client")
    proxy.add_argument("--scopes", nargs="*", default=[], metavar="SCOPE",
                       help="the scopes every route asks for (apigw-rest: an access token with one of them)")
    proxy.add_argument("--cognito", metavar="URL", type=public_url,
                       help="a running cognito-mock serve; without it the proxy serves its own emulator "
                            "on --cognito-port")
    proxy.add_argument("--cognito-port", type=port_number, default=9229)
    proxy.add_argument("--on-unauthenticated", default="authenticate", choices=["authenticate", "deny", "allow"])
    proxy.add_argument("--scope", default="openid", help="alb: the Scope asked at sign-in (default openid)")
    proxy.add_argument("--session-timeout", type=int, default=604800, help="alb: SessionTimeout in seconds")


def build_proxy(args, cognito=None):
    """The EdgeProxy the arguments describe (not started); ``cognito``: a transport to use instead."""
    from .edge import AlbAuthenticator, CognitoUserPoolsAuthorizer, JwtAuthorizer, Remote
    from .edge.proxy import EdgeProxy
    cognito = cognito or Remote(args.cognito)
    if args.mode == "apigw-rest":
        edge = CognitoUserPoolsAuthorizer(cognito, args.user_pool_id)
    elif args.mode == "apigw-http":
        if not args.client_id:
            raise ValueError("--mode apigw-http needs --client-id (the authorizer's audience)")
        edge = JwtAuthorizer(cognito, args.user_pool_id, args.client_id)
    else:
        if len(args.client_id) != 1:
            raise ValueError("--mode alb needs one --client-id")
        edge = AlbAuthenticator(cognito, args.user_pool_id, args.client_id[0], scheme="http",
                                on_unauthenticated=args.on_unauthenticated, scope=args.scope,
                                session_timeout=args.session_timeout)
    return EdgeProxy(edge, args.upstream, args.host, args.port, scopes=args.scopes)


def run_proxy(args) -> int:
    own, cognito = _cognito_for(args)
    try:
        proxy = build_proxy(args, cognito)
    except (ValueError, OSError) as exc:
        print(f"cognito-mock: proxy: {exc}", file=sys.stderr)
        return _stopped(own, 2)
    return _serve_until_stopped(proxy, own, f"cognito-mock proxy ({args.mode}) on {{url}} -> {args.upstream}")


def _cognito_for(args):
    """(its own background emulator or None, the edge's transport): a running server given with
    ``--cognito URL``, else an emulator of its own on ``--cognito-port``, for the SDKs and the hosted UI."""
    if args.cognito is not None:
        from .edge import Remote
        return None, Remote(args.cognito)
    from .backend.store import Store
    from .edge import InProcess
    from .web.serving import BackgroundServer
    store = Store()
    own = BackgroundServer(store, "127.0.0.1", args.cognito_port).start()
    print(f"cognito-mock emulator on {own.url}", flush=True)
    return own, InProcess(store, public_url=own.url)


def _serve_until_stopped(runner, own, banner: str) -> int:
    """Start ``runner`` (a proxy or an API runner), wait for SIGINT/SIGTERM, stop it and ``own``."""
    import signal
    import threading
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    runner.start()
    print(banner.format(url=runner.url) + "  (Ctrl-C to stop)", flush=True)
    stop.wait()
    runner.stop()
    return _stopped(own, 0)


def _stopped(own, status: int) -> int:
    if own is not None:
        own.stop()
    return status


def add_api_parser(commands) -> None:
    api = commands.add_parser("api", help="Python Lambda handlers behind API Gateway's Cognito authorizers, "
                                           "from a routes file or a SAM/CloudFormation template")
    api.add_argument("spec", metavar="FILE", help="a routes file (JSON/YAML) or a SAM/CloudFormation template")
    api.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    api.add_argument("--port", type=port_number, default=3000, help="port to listen on (default 3000)")
    api.add_argument("--user-pool-id", metavar="ID", help="the authorizer's pool (overrides the file's)")
    api.add_argument("--client-id", action="append", default=[], metavar="ID",
                     help="HTTP API: an audience entry (repeatable; overrides the file's)")
    api.add_argument("--cognito", metavar="URL", type=public_url,
                     help="a running cognito-mock serve; without it the runner serves its own emulator on "
                          "--cognito-port")
    api.add_argument("--cognito-port", type=port_number, default=9229)


def run_api(args) -> int:
    from .edge import api_spec
    from .edge.runner import from_spec
    try:
        spec = api_spec.load(args.spec).override(args.user_pool_id, args.client_id)
    except api_spec.SpecError as exc:
        print(f"cognito-mock: api: {exc}", file=sys.stderr)
        return 2
    own, cognito = _cognito_for(args)
    try:
        api = from_spec(spec, cognito, args.host, args.port)
    except (ValueError, OSError) as exc:
        print(f"cognito-mock: api: {exc}", file=sys.stderr)
        return _stopped(own, 2)
    return _serve_until_stopped(api, own, f"cognito-mock api ({spec.kind}, {len(spec.routes)} routes) on {{url}}")


if __name__ == "__main__":
    sys.exit(main())
