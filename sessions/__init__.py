"""Sessions: crash-safe recording to Parquet, the session library, replay, export and import.

No Textual here; imports point one way: tui -> sessions -> forceplate.
"""

from sessions.meta import SCHEMA_VERSION, SessionMeta

__all__ = ["SCHEMA_VERSION", "SessionMeta"]
