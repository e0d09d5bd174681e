"""USB HID force plates on pyusb: a transport thread that owns the device, and the reader.

Import HidPlateReader from forceplate.hid.hid_reader (kept lazy so `import forceplate.hid`
never needs libusb).
"""
