# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hand-made upload files for the tests (plain Python: the pure tests and the
Odoo tests both use them)."""

import struct
import zlib

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SECRET = b"WXGPSAREA-31N121E"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">WXXMPSECRET</x:xmpmeta>'
XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")
# ISO 6709 positions as phones write them
POSITION = b"+31.2304+121.4737+012.000/"
TRACK_POSITION = b"+22.5431+114.0579/"


# --------------------------------------------------------------------------
# ISO BMFF (MP4, QuickTime, HEIF)
# --------------------------------------------------------------------------


def box(box_type, payload):
    return struct.pack(">I4s", 8 + len(payload), box_type) + payload


def full_box(box_type, version, payload):
    return box(box_type, bytes([version, 0, 0, 0]) + payload)


def ftyp(major, *compatible):
    return box(b"ftyp", major + b"\0\0\0\0" + b"".join(compatible))


MEDIA = box(b"mdat", b"VIDEO-FRAMES" * 6)


def movie(moov_extra=b"", trak_extra=b""):
    """A moov box: movie header and one track (header and media)."""
    trak = box(
        b"trak",
        full_box(b"tkhd", 0, bytes(80))
        + box(b"mdia", full_box(b"mdhd", 0, bytes(20)))
        + trak_extra,
    )
    return box(b"moov", full_box(b"mvhd", 0, bytes(96)) + trak + moov_extra)


def ilst_item(item_type, value):
    return box(item_type, box(b"data", b"\0\0\0\x01\0\0\0\0" + value))


def mdta_keys(*names):
    entries = b"".join(struct.pack(">I", 8 + len(n)) + b"mdta" + n for n in names)
    return full_box(b"keys", 0, struct.pack(">I", len(names)) + entries)


def quicktime_meta():
    """Apple's moov/meta: hdlr mdta, keys and ilst items typed by key index."""
    hdlr = full_box(b"hdlr", 0, bytes(4) + b"mdta" + bytes(12) + b"\0")
    keys = mdta_keys(
        b"com.apple.quicktime.make",
        b"com.apple.quicktime.location.ISO6709",
        b"com.apple.quicktime.location.accuracy.horizontal",
        b"com.apple.quicktime.creationdate",
    )
    ilst = box(
        b"ilst",
        ilst_item(struct.pack(">I", 1), b"Apple")
        + ilst_item(struct.pack(">I", 2), POSITION)
        + ilst_item(struct.pack(">I", 3), b"WXACCURACY-4.7")
        + ilst_item(struct.pack(">I", 4), b"2026-11-23T09:15:00+0800"),
    )
    return box(b"meta", hdlr + keys + ilst)  # QuickTime: no version and flags


def iso_meta():
    """An ISO (full box) udta/meta with an iTunes-style ilst."""
    hdlr = full_box(b"hdlr", 0, bytes(4) + b"mdir" + b"appl" + bytes(8) + b"\0")
    ilst = box(
        b"ilst",
        ilst_item(b"\xa9nam", b"Mango delivery")
        + ilst_item(b"\xa9xyz", b"WXITUNES" + POSITION),
    )
    return full_box(b"meta", 0, hdlr + ilst)


XMP_BOX = box(b"uuid", XMP_UUID + XMP)


def located_video(head=None):
    """A phone video with its position in every place players read it."""
    udta = box(
        b"udta",
        box(b"\xa9xyz", struct.pack(">HH", len(POSITION), 0x15C7) + POSITION)
        + box(b"loci", bytes(4) + b"\x15\xc7WXLOCI-Shanghai\0" + bytes(20))
        + box(b"XMP_", XMP)
        + iso_meta()
        + bytes(4),  # QuickTime ends a user data list with a zero word
    )
    trak_udta = box(b"udta", box(b"\xa9xyz", bytes(4) + TRACK_POSITION))
    moov = movie(moov_extra=udta + quicktime_meta(), trak_extra=trak_udta)
    head = ftyp(b"qt  ", b"qt  ") if head is None else head
    return head + moov + XMP_BOX + MEDIA


def plain_video():
    """A well-formed MP4 without metadata: ftyp, moov (mvhd, trak), mdat."""
    return ftyp(b"isom", b"isom", b"iso2", b"avc1", b"mp41") + movie() + MEDIA


# --------------------------------------------------------------------------
# PNG
# --------------------------------------------------------------------------


def png_chunk(chunk_type, payload):
    checksum = zlib.crc32(chunk_type + payload)
    return (
        struct.pack(">I", len(payload))
        + chunk_type
        + payload
        + struct.pack(">I", checksum)
    )


def png_header(width, height):
    """A PNG of the given size whose pixels are never needed: IHDR, IEND."""
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    iend = b"IEND"
    return (
        PNG_MAGIC
        + struct.pack(">I", 13)
        + ihdr
        + struct.pack(">I", zlib.crc32(ihdr))
        + struct.pack(">I", 0)
        + iend
        + struct.pack(">I", zlib.crc32(iend))
    )


def png_bomb(width=13000, height=13000):
    """A real PNG of ``width`` x ``height`` black pixels (1 bit each) that
    compresses to some 20 KB: a decompression bomb (169 megapixels)."""
    row = bytes(1 + (width + 7) // 8)  # filter type 0, then the pixels
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _row in range(height))
    pixels += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        PNG_MAGIC
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )
