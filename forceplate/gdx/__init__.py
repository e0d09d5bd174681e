"""Vernier Go Direct plates (GDX-FP) over USB HID: protocol, handshake, stream decoding.

Import GdxReader from forceplate.gdx.reader (kept lazy so this package never needs libusb).
"""
