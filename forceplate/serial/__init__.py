"""DIY force plates on USB serial (pyserial): the eccentric binary frame, JSON and CSV lines.

Import SerialPlateReader from forceplate.serial.reader. Format reference: docs/hardware.md.
"""
