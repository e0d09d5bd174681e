"""The analysis' version, stored with every analysed session and rep.

Bump it whenever a change can move a rep, a boundary, a metric or a verdict: sessions
analysed by another version are flagged stale, and `eccentric sessions reanalyse` redoes them.
"""

ANALYSIS_VERSION = "2026.12.08.2"
