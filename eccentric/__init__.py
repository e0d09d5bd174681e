"""The `eccentric` command: the dashboard and the CLI around forceplate, sessions and tui."""

__version__ = "0.1.0"
