"""The guard itself, shared by the sitecustomize hook (app processes) and the pytest fixture (this process)."""

from __future__ import annotations

import ipaddress
import os
import socket

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex
_original_getaddrinfo = socket.getaddrinfo


class NetworkBlocked(ConnectionRefusedError):
    pass


def _is_local(host: object) -> bool:
    if host in (None, "") or (isinstance(host, str) and host.lower() in _LOOPBACK_NAMES):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _record(what: str) -> None:
    log = os.environ.get("NETWORK_GUARD_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as file:
            file.write(what + "\n")


def _check(address: object) -> None:
    if isinstance(address, tuple) and address and not _is_local(address[0]):
        _record(f"connect {address!r}")
        raise NetworkBlocked(f"network access blocked in tests: {address!r}")


def _connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _check(address)
    return _original_connect(self, address)


def _connect_ex(self: socket.socket, address: object) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _check(address)
    return _original_connect_ex(self, address)


def _getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
    if not _is_local(host):
        _record(f"resolve {host!r}")
        raise NetworkBlocked(f"name lookup blocked in tests: {host!r}")
    return _original_getaddrinfo(host, *args, **kwargs)


def install() -> None:
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _getaddrinfo


def uninstall() -> None:
    socket.socket.connect = _original_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _original_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _original_getaddrinfo



