"""The reader plug-in interface. A reader owns one plate; the UI never touches the device.

Plug-ins are classes registered in the ``eccentric.readers`` entry-point group
(see forceplate.registry). A reader is used like this::

    with create_reader("mock", seed=3) as reader:   # open() on enter, close() on exit
        info = reader.info
        while (block := reader.read(timeout_s=0.1)) is not None or reader.running:
            ...

``read`` never raises for a timeout or an unplug: it returns None and ``status()`` tells why.
It raises an EccentricError only for what cannot recover (e.g. permission denied).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from forceplate.samples import ReaderInfo, SampleBlock


class Connection(str, Enum):
    CLOSED = "closed"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"   # plate gone; the reader keeps trying to reconnect
    ENDED = "ended"                 # a finite source (simulation, replay) has no more data


@dataclass(frozen=True, slots=True)
class ReaderStatus:
    connection: Connection
    samples: int = 0              # samples delivered so far
    reports: int = 0              # transport reports received
    dropped_samples: int = 0      # samples known missing (sequence gaps)
    rejected_reports: int = 0     # reports that failed to decode
    timeouts: int = 0             # read timeouts (counted, not fatal)
    reconnects: int = 0
    achieved_rate_hz: float = 0.0  # samples per second over the last few seconds
    message: str = ""             # one line for the status bar


@dataclass(frozen=True, slots=True)
class AttachedDevice:
    """A plate found attached, for ``eccentric devices`` and the plate picker."""

    reader: str
    name: str
    serial: str
    location: str = ""
    options: tuple[tuple[str, str], ...] = ()   # what to pass to create_reader to open this one
    note: str = ""                              # e.g. what to do about a missing permission


class Reader(ABC):
    """One plate. Subclasses: forceplate.simulator.MockReader, forceplate.hid.HidPlateReader."""

    name: ClassVar[str]            # entry-point name
    description: ClassVar[str]     # one line for `eccentric devices`

    def __init__(self, **options: Any) -> None:
        self.options = options

    @classmethod
    def discover(cls) -> list[AttachedDevice]:
        """Plates of this kind that are attached now (may be empty; never raises)."""
        return []

    @abstractmethod
    def open(self) -> ReaderInfo:
        """Open the plate and start streaming. Raises EccentricError if it cannot."""

    @property
    @abstractmethod
    def info(self) -> ReaderInfo:
        """Metadata; valid after open()."""

    @abstractmethod
    def read(self, timeout_s: float = 0.1) -> SampleBlock | None:
        """Next block of samples, or None if none arrived within timeout_s."""

    @abstractmethod
    def status(self) -> ReaderStatus: ...

    @abstractmethod
    def close(self) -> None:
        """Stop streaming and release the device. Safe to call twice."""

    @property
    def running(self) -> bool:
        return self.status().connection in (Connection.CONNECTED, Connection.DISCONNECTED)

    def __enter__(self) -> Reader:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
