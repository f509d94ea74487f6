"""Outlook .msg files for the tests, written here: no well-kept library on PyPI writes the format, and no package we
can install ships sample .msg files (extract-msg's distribution has none). `outlook_message()` writes the MAPI
property streams Outlook writes ([MS-OXMSG]) into a Compound File ([MS-CFB], version 3, 512-byte sectors, streams
under 4096 bytes in the mini stream); extract-msg (through olefile) then reads it as it reads a real one.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[Entry] = field(default_factory=list)
    start: int = END
    index: int = 0


def _sort_key(entry: Entry) -> tuple[int, str]:
    return len(entry.name), entry.name.upper()  # the order [MS-CFB] compares names in


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i < count - 1 else END


def compound_file(root: Entry) -> bytes:
    entries: list[Entry] = []

    def collect(entry: Entry) -> None:
        entry.index = len(entries)
        entries.append(entry)
        for child in sorted(entry.children, key=_sort_key):
            collect(child)

    collect(root)
    streams = [e for e in entries if e.kind == 2 and e.data]
    mini_stream = bytearray()
    minifat: list[int] = []
    for stream in (s for s in streams if len(s.data) < CUTOFF):
        count = -(-len(stream.data) // MINI)
        stream.start = len(minifat)
        minifat.extend([0] * count)
        _chain(minifat, stream.start, count)
        mini_stream += stream.data.ljust(count * MINI, b"\0")
    root.data = bytes(mini_stream)
    body = bytearray()
    fat: list[int] = []

    def place(data: bytes) -> int:
        if not data:
            return END
        count = -(-len(data) // SECTOR)
        first = len(fat)
        fat.extend([0] * count)
        _chain(fat, first, count)
        body.extend(data.ljust(count * SECTOR, b"\0"))
        return first

    for stream in (s for s in streams if len(s.data) >= CUTOFF):
        stream.start = place(stream.data)
    root.start = place(root.data)
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_start = place(minifat_bytes)
    directory = b"".join(_directory_entry(e, entries) for e in entries)
    directory_start = place(directory.ljust(-(-len(directory) // SECTOR) * SECTOR, b"\0"))
    fat_sectors = 1
    while (len(fat) + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    fat_start = len(fat)
    fat.extend([FATSECT] * fat_sectors)
    fat.extend([FREE] * (fat_sectors * (SECTOR // 4) - len(fat)))
    body.extend(b"".join(struct.pack("<I", v) for v in fat))
    difat = [fat_start + i for i in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = (
        SIGNATURE + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, directory_start, 0, CUTOFF,
                      minifat_start if minifat else END, -(-len(minifat_bytes) // SECTOR), END, 0)
        + b"".join(struct.pack("<I", v) for v in difat)
    )  # fmt: skip
    return header + bytes(body)


def _directory_entry(entry: Entry, entries: list[Entry]) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    children = sorted(entry.children, key=_sort_key)
    child = children[0].index if children else NOSTREAM
    siblings = {}  # a chain to the right: a valid (if unbalanced) tree, every node black
    for parent in entries:
        ordered = sorted(parent.children, key=_sort_key)
        for left, right in itertools.pairwise(ordered):
            siblings[left.index] = right.index
    right = siblings.get(entry.index, NOSTREAM)
    size = len(entry.data)
    return (
        name.ljust(64, b"\0") + struct.pack("<HBB", len(name), entry.kind, 1)
        + struct.pack("<III", NOSTREAM, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        + struct.pack("<IQ", entry.start if size or entry.kind == 5 else END, size)
    )  # fmt: skip


# --- MAPI properties, as Outlook stores them -------------------------------------------------------------------


def _text(tag: str, value: str) -> Entry:
    return Entry(f"__substg1.0_{tag}001F", 2, value.encode("utf-16-le"))


def _filetime(moment: datetime) -> int:
    return int((moment - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)


def _properties(header: bytes, values: list[tuple[int, int]]) -> Entry:
    """Fixed-size properties: (tag, 8-byte value as int) after the storage's header."""
    rows = b"".join(struct.pack("<IIQ", tag, 0x6, value) for tag, value in values)
    return Entry("__properties_version1.0", 2, header + rows)


def outlook_message(*, subject: str, sender_name: str, sender: str, to: list[tuple[str, str]],
                    cc: list[tuple[str, str]] = (), body: str = "", sent: datetime | None = None,
                    message_id: str | None = None, transport_headers: str | None = None,
                    attachments: list[tuple[str, bytes]] = ()) -> bytes:  # fmt: skip
    root = Entry("Root Entry", 5)
    root.children += [
        _text("001A", "IPM.Note"), _text("0037", subject), _text("1000", body),
        _text("0C1A", sender_name), _text("5D01", sender), _text("0065", sender),
        _text("0E04", "; ".join(n for n, _a in to)), _text("0E03", "; ".join(n for n, _a in cc)),
    ]  # fmt: skip
    if message_id:
        root.children.append(_text("1035", message_id))
    if transport_headers:
        root.children.append(_text("007D", transport_headers))
    recipients = [(name, address, 1) for name, address in to] + [(name, address, 2) for name, address in cc]
    for number, (name, address, kind) in enumerate(recipients):
        storage = Entry(f"__recip_version1.0_#{number:08X}", 1)
        storage.children += [
            _text("3001", name), _text("3003", address), _text("39FE", address), _text("3002", "SMTP"),
            _properties(b"\0" * 8, [(0x0C150003, kind), (0x30000003, number)]),
        ]  # fmt: skip
        root.children.append(storage)
    for number, (filename, data) in enumerate(attachments):
        storage = Entry(f"__attach_version1.0_#{number:08X}", 1)
        storage.children += [
            Entry("__substg1.0_37010102", 2, data), _text("3707", filename), _text("3704", filename[:12]),
            _properties(b"\0" * 8, [(0x37050003, 1), (0x0E200003, len(data))]),  # attached by value; its size
        ]  # fmt: skip
        root.children.append(storage)
    nameid = Entry("__nameid_version1.0", 1)
    nameid.children += [Entry(f"__substg1.0_000{n}0102", 2) for n in (2, 3, 4)]
    root.children.append(nameid)
    fixed = [(0x0E070003, 1)]  # message flags: read, sent (not MSGFLAG_UNSENT)
    if sent is not None:
        fixed.append((0x00390040, _filetime(sent)))  # PidTagClientSubmitTime
    header = struct.pack("<8xIIII8x", len(recipients), len(attachments), len(recipients), len(attachments))
    root.children.append(_properties(header, fixed))
    return compound_file(root)
