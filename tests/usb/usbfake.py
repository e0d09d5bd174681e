"""Fake USB plates for umockdev, built from struct.pack (no opaque blobs).

Stdlib only: the scripted-testbed helper imports this under Debian's /usr/bin/python3.
"""

from __future__ import annotations

import struct
from pathlib import Path

BUS, DEVNUM = 1, 11
DEV_NODE = f"/dev/bus/usb/{BUS:03d}/{DEVNUM:03d}"
SYSFS = "/devices/pci0000:00/0000:00:14.0/usb1/1-3"


def descriptors(vendor_id: int, product_id: int, *, packet_size: int = 64, ep_in: int = 0x81,
                ep_out: int | None = None, n_interfaces: int = 1, strings: bool = False) -> bytes:
    """Device + configuration + HID interface(s) + HID + endpoint descriptors. strings: the
    device names string descriptors 1 (manufacturer) and 2 (product), which the scripted
    testbed serves (plan "strings")."""
    def interface(number: int, endpoints: list[tuple[int, int]]) -> bytes:
        out = struct.pack("<BBBBBBBBB", 9, 4, number, 0, len(endpoints), 3, 0, 0, 0)
        out += struct.pack("<BBHBBBH", 9, 0x21, 0x0111, 0, 1, 0x22, 34)
        for addr, size in endpoints:
            out += struct.pack("<BBBBHB", 7, 5, addr, 3, size, 1)
        return out

    eps = [(ep_in, packet_size)] + ([(ep_out, packet_size)] if ep_out is not None else [])
    body = interface(0, eps)
    for extra in range(1, n_interfaces):
        body += interface(extra, [(0x80 | (ep_in + extra) & 0x0F, 8)])
    config = struct.pack("<BBHBBBBB", 9, 2, 9 + len(body), n_interfaces, 1, 0, 0x80, 50)
    device = struct.pack("<BBHBBBBHHHBBBB", 18, 1, 0x0200, 0, 0, 0, 64,
                         vendor_id, product_id, 0x0100, 1 if strings else 0, 2 if strings else 0, 0, 1)
    return device + config + body


def umockdev_text(vendor_id: int, product_id: int, **kw: object) -> str:
    """A umockdev device file: the plate, its root hub and the PCI controller."""
    # umockdev 0.17 rejects some node contents (e.g. a descriptor with VID 08f7); libusb reads
    # the sysfs copy (H: descriptors) anyway, so such plates go without it
    node_data = kw.pop("node_data", True)
    blob = descriptors(vendor_id, product_id, **kw).hex()  # type: ignore[arg-type]
    n_if = kw.get("n_interfaces", 1)
    node = f"={blob}" if node_data else ""
    return f"""P: {SYSFS}
N: bus/usb/{BUS:03d}/{DEVNUM:03d}{node}
E: DEVNAME={DEV_NODE}
E: DEVTYPE=usb_device
E: DRIVER=usb
E: PRODUCT={vendor_id:x}/{product_id:x}/100
E: TYPE=0/0/0
E: BUSNUM={BUS:03d}
E: DEVNUM={DEVNUM:03d}
E: MAJOR=189
E: MINOR={(BUS - 1) * 128 + DEVNUM - 1}
E: SUBSYSTEM=usb
A: authorized=1\\n
A: bConfigurationValue=1\\n
A: bDeviceClass=00\\n
A: bNumConfigurations=1\\n
A: bNumInterfaces= {n_if}\\n
A: busnum={BUS}\\n
A: devnum={DEVNUM}\\n
A: idProduct={product_id:04x}\\n
A: idVendor={vendor_id:04x}\\n
A: speed=12\\n
H: descriptors={blob}

P: /devices/pci0000:00/0000:00:14.0/usb1
N: bus/usb/{BUS:03d}/001
E: DEVNAME=/dev/bus/usb/{BUS:03d}/001
E: DEVTYPE=usb_device
E: DRIVER=usb
E: BUSNUM={BUS:03d}
E: DEVNUM=001
E: SUBSYSTEM=usb
A: busnum={BUS}\\n
A: devnum=1\\n
A: idVendor=1d6b\\n
A: idProduct=0002\\n
A: bConfigurationValue=1\\n
A: speed=480\\n

P: /devices/pci0000:00/0000:00:14.0
E: DRIVER=xhci_hcd
E: SUBSYSTEM=pci

"""


def ioctl_script(reports: list[bytes] | object, *, ep_in: int = 0x81, packet_size: int = 64,
                 control: list[bytes] = ()) -> str:  # type: ignore[assignment]
    """One reaped interrupt-IN URB per report, in order; control URBs (setup + data) first."""
    lines = ["@DEV " + DEV_NODE + " (usbdevfs)"]
    for setup in control:
        lines.append(f"USBDEVFS_REAPURBNDELAY 0 2 0 0 0 {len(setup)} {len(setup)} 0 {setup.hex()}")
    for rep in reports:  # type: ignore[attr-defined]
        rep = bytes(rep)
        lines.append(f"USBDEVFS_REAPURBNDELAY 0 1 {ep_in} 0 0 {packet_size} {len(rep)} 0 {rep.hex()}")
    return "\n".join(lines) + "\n"


def write_static(folder: Path, vendor_id: int, product_id: int, reports: list[bytes], *,
                 packet_size: int = 64, ep_in: int = 0x81, ep_out: int | None = None,
                 control: list[bytes] = ()) -> tuple[Path, Path]:  # type: ignore[assignment]
    """plate.umockdev + plate.ioctl for `umockdev-run --device D --ioctl NODE=I`."""
    dev = folder / "plate.umockdev"
    ioc = folder / "plate.ioctl"
    dev.write_text(umockdev_text(vendor_id, product_id, packet_size=packet_size, ep_in=ep_in, ep_out=ep_out))
    ioc.write_text(ioctl_script(reports, ep_in=ep_in, packet_size=packet_size, control=control))
    return dev, ioc
