"""The Textual dashboard. Only composes forceplate (plates, analysis) and sessions (recording, replay)."""
