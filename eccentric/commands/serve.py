"""`eccentric serve`: the live dashboard in a web browser, through Textual's own textual-serve.

Each browser tab that opens the page starts its own dashboard process (`python -m eccentric`
with the options given here), drawn in the browser by xterm.js over a websocket.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys

from eccentric.commands.record import add_local_options
from forceplate.errors import EccentricError, ExitCode

LOOPBACK_NAMES = ("localhost", "ip6-localhost")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="the live dashboard in a web browser (for a coach's tablet or laptop)",
        description="Serve the dashboard to web browsers with textual-serve. By default only this computer "
                    "can connect (127.0.0.1). --host 0.0.0.0 lets every device on the local network open it: "
                    "there is no password and no encryption, so use that on a trusted network only. "
                    "Each browser tab runs its own dashboard; a USB plate can be read by one at a time.",
        epilog="Dashboard options go after --, e.g. `eccentric serve --reader mock -- --athlete Ana`.")
    add_local_options(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0: the local network)")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    p.add_argument("--public-url", metavar="URL",
                   help="the address browsers use (default: http://HOST:PORT, with this computer's network "
                        "address when HOST is 0.0.0.0)")
    p.add_argument("dashboard_args", nargs=argparse.REMAINDER, metavar="-- DASHBOARD_OPTIONS",
                   help="more options for the dashboard")
    p.set_defaults(run=run)


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")


def lan_address() -> str:
    """This computer's address on the local network (the route a packet would take; nothing is
    sent), else its host name."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))   # TEST-NET-1: any routable address picks the interface
            return str(s.getsockname()[0])
        except OSError:
            return socket.gethostname()


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def dashboard_command(args: argparse.Namespace) -> list[str]:
    """`python -m eccentric` with the reader, data folder and extra options given to serve."""
    cmd = [sys.executable, "-m", "eccentric"]
    if getattr(args, "data_dir", None) is not None:
        cmd += ["--data-dir", str(args.data_dir.expanduser().resolve())]
    if getattr(args, "reader", None):
        cmd += ["--reader", args.reader]
    if getattr(args, "profile", None):
        cmd += ["--profile", str(args.profile)]
    for opt in getattr(args, "reader_option", None) or ():
        cmd += ["-o", opt]
    extra = list(args.dashboard_args or ())
    if extra[:1] == ["--"]:
        extra = extra[1:]
    return cmd + extra


def check_listen(host: str, port: int) -> None:
    """Fail with one line now rather than with a traceback from inside the web server."""
    if not 1 <= port <= 65535:
        raise EccentricError(f"--port {port} is not a TCP port (1-65535)", exit_code=ExitCode.USAGE)
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise EccentricError(f"--host {host}: {exc.strerror}", exit_code=ExitCode.USAGE) from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            raise EccentricError(f"cannot listen on {url_host(host)}:{port}: {exc.strerror or exc}") from None


def who_can_connect(host: str, port: int, url: str) -> str:
    if is_loopback(host):
        return (f"eccentric: dashboard at {url} - only this computer can connect (loopback). "
                f"To open it from a tablet or another computer on the local network: --host 0.0.0.0")
    where = "every device on the local network" if is_wildcard(host) else f"anyone who can reach {host}"
    return (f"eccentric: dashboard at {url} - {where} can connect on port {port} and drive it (record, "
            f"rename, export): there is NO password and NO encryption. Use a trusted network only; "
            f"Ctrl-C stops.")


def run(args: argparse.Namespace) -> int:
    from eccentric.commands.devices import open_reader_from_args

    open_reader_from_args(args, default="auto")   # a bad reader or option fails here, in one line
    check_listen(args.host, args.port)
    try:
        from textual_serve.server import Server
    except ImportError:
        raise EccentricError("textual-serve is not installed (pip install textual-serve)") from None
    shown = lan_address() if is_wildcard(args.host) else args.host
    url = args.public_url or f"http://{url_host(shown)}:{args.port}"
    command = shlex.join(dashboard_command(args))
    print(who_can_connect(args.host, args.port, url), file=sys.stderr)
    print("eccentric: each browser tab runs its own dashboard; a USB plate can be read by one at a time.",
          file=sys.stderr, flush=True)
    Server(command, host=args.host, port=args.port, title="eccentric", public_url=url.rstrip("/")).serve()
    return ExitCode.OK
