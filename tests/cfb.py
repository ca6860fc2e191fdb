"""A minimal OLE compound file (CFB v3) writer, only for building test inputs:
a Word 97 .doc has a "WordDocument" stream, an encrypted OOXML file has
"EncryptionInfo" and "EncryptedPackage" streams. Each stream is padded to 4096 bytes
so that it lives in regular sectors (no mini stream needed)."""
from __future__ import annotations

import struct

FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, child=NOSTREAM, left=NOSTREAM, right=NOSTREAM, start=END, size=0) -> bytes:
    raw = name.encode("utf-16-le") + b"\x00\x00"
    return (raw.ljust(64, b"\x00") + struct.pack("<HBB3I", len(raw), kind, 1, left, right, child)
            + b"\x00" * 16 + struct.pack("<IQQ", 0, 0, 0) + struct.pack("<IQ", start, size))


def build_cfb(streams: dict[str, bytes]) -> bytes:
    names = list(streams)
    data_sectors = []
    starts = []
    sector = 2  # 0: FAT, 1: directory
    for name in names:
        body = streams[name].ljust(4096, b"\x00")
        body = body.ljust((len(body) + 511) // 512 * 512, b"\x00")
        starts.append((sector, len(streams[name]) if len(streams[name]) >= 4096 else 4096, len(body) // 512))
        data_sectors.append(body)
        sector += len(body) // 512
    fat = [FATSECT, END]
    for start, _size, count in starts:
        fat += [start + i + 1 for i in range(count - 1)] + [END]
    fat += [FREE] * (128 - len(fat))
    # directory: root, then the streams chained as right siblings
    entries = [_entry("Root Entry", 5, child=1)]
    for i, (name, (start, size, _)) in enumerate(zip(names, starts)):
        right = i + 2 if i + 1 < len(names) else NOSTREAM
        entries.append(_entry(name, 2, right=right, start=start, size=size))
    while len(entries) % 4:
        entries.append(b"\x00" * 64 + struct.pack("<HBB3I", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM)
                       + b"\x00" * 16 + struct.pack("<IQQ", 0, 0, 0) + struct.pack("<IQ", 0, 0))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIII", 0, 1, 1, 0, 4096, END, 0, END) + struct.pack("<I", 0)
              + struct.pack("<I", 0) + struct.pack("<108I", *([FREE] * 108)))
    assert len(header) == 512, len(header)
    return header + struct.pack("<128I", *fat) + b"".join(entries) + b"".join(data_sectors)
