"""Phase analysis: pure functions and one streaming analyser over numpy blocks."""
