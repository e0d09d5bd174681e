"""Force-plate readers, decoding and phase analysis. No Textual, no Parquet in here."""

from forceplate.errors import EccentricError
from forceplate.samples import ChannelInfo, Flags, ReaderInfo, SampleBlock
from forceplate.units import G

__all__ = ["G", "ChannelInfo", "EccentricError", "Flags", "ReaderInfo", "SampleBlock"]
