# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Check the photos and the video a customer attaches to a feedback.

The type of a file is read from its content (magic bytes), never from its
name. Every file is checked before anything is returned, so a feedback is
saved with all of its files or with none. Photos lose their EXIF (including
the GPS position), XMP and comments; their pixels are never re-encoded, only
metadata blocks are cut out (JPEG, PNG, WebP) or overwritten with zeros
(HEIC). Photos larger than :data:`MAX_IMAGE_PIXELS` are refused from the
dimensions in their header, before anything decodes them (a small, highly
compressible file can hold a huge image: a decompression bomb). Videos must be
well-formed ISO BMFF / QuickTime files (a box structure that covers the whole
file, a movie header, tracks and media data); their location (``©xyz``,
``loci``, the location entries of ``meta``/``keys``) and XMP boxes are
overwritten in place by ``free`` boxes of the same size, so every offset stays
valid and the media is untouched.

Error messages are English templates with named placeholders, marked with
:func:`~.i18n._` for the .pot; Odoo code renders them in the customer's
language with ``env._(exc.template, **exc.params)``.
"""

import math
import unicodedata
from typing import NamedTuple

from .i18n import _lt

MB = 1024 * 1024
MAX_IMAGE_BYTES = 10 * MB
MAX_IMAGES = 9
MAX_VIDEO_BYTES = 50 * MB
MAX_VIDEOS = 1
# Decoding costs memory by pixels, not by bytes: 40 MP (about 160 MB as RGBA)
# is above any phone camera's default output.
MAX_IMAGE_PIXELS = 40_000_000
# Photos and videos a feedback keeps in total, across its updates and
# follow-ups (each submission brings at most MAX_IMAGES + MAX_VIDEOS).
MAX_FEEDBACK_FILES = 30
# (most files, most bytes per file) of each group
LIMITS = {
    "image": (MAX_IMAGES, MAX_IMAGE_BYTES),
    "video": (MAX_VIDEOS, MAX_VIDEO_BYTES),
}
MAX_FILENAME = 100

IMAGE_KINDS = ("jpeg", "png", "webp", "heic")
VIDEO_KINDS = ("mp4", "mov")
MIMETYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "heic": "image/heic",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
}
# Extensions accepted for each kind; the first one is used when correcting.
EXTENSIONS = {
    "jpeg": ("jpg", "jpeg", "jpe", "jfif"),
    "png": ("png",),
    "webp": ("webp",),
    "heic": ("heic", "heif", "hif"),
    "mp4": ("mp4", "m4v"),
    "mov": ("mov", "qt"),
}

MESSAGES = {
    "type": _lt(
        "Only JPEG, PNG, WebP and HEIC photos and MP4 or MOV videos are accepted;"
        " %(filename)s is not one of them."
    ),
    "image_size": _lt(
        "%(filename)s is %(size)s MB; photos may be at most %(limit)s MB each."
    ),
    "image_count": _lt("At most %(limit)s photos per feedback."),
    "video_size": _lt(
        "%(filename)s is %(size)s MB; a video may be at most %(limit)s MB."
    ),
    "video_count": _lt("At most %(limit)s video per feedback."),
    "empty": _lt("%(filename)s is empty."),
    "image_pixels": _lt(
        "%(filename)s is %(width)s x %(height)s pixels; photos may have at most"
        " %(limit)s megapixels."
    ),
    "total_count": _lt(
        "This feedback already has %(stored)s photos and videos; it can keep at"
        " most %(limit)s."
    ),
}


class UploadError(ValueError):
    """A refused upload; ``str(exc)`` is the English message.

    ``code`` is one of the keys of :data:`MESSAGES`, ``filename`` the
    (sanitised) name of the refused file or None, ``template`` the
    untranslated message and ``params`` its named placeholders.
    """

    def __init__(self, code: str, filename: str | None = None, **params):
        self.code = code
        self.filename = filename
        self.template = MESSAGES[code]
        self.params = {"filename": filename or "this file", **params}
        super().__init__(self.template % self.params)


class CleanFile(NamedTuple):
    """An accepted file: safe name, real mimetype and kind, stripped data."""

    filename: str
    mimetype: str
    kind: str  # one of IMAGE_KINDS or VIDEO_KINDS
    data: bytes

    @property
    def is_video(self) -> bool:
        return self.kind in VIDEO_KINDS


# --------------------------------------------------------------------------
# Sniffing
# --------------------------------------------------------------------------

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"iso7",
    b"iso8",
    b"iso9",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"M4VH",
    b"M4VP",
    b"dash",
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"3g2a",
}
QUICKTIME_BRAND = b"qt  "
# Old QuickTime files have no ftyp box and start with one of these atoms.
QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free"}
# AVIF also lists the generic HEIF brand mif1 but is not HEIC.
AVIF_BRANDS = {b"avif", b"avis"}


def _ftyp_kind(data):
    """Kind of an ISO BMFF file from the brands of its ftyp box."""
    size = int.from_bytes(data[:4], "big")
    if size < 16:
        return None
    major = data[8:12]
    end = min(size, len(data))
    compatible = {data[i : i + 4] for i in range(16, end - 3, 4)}
    # The major brand decides: an MP4 that also lists a HEIF brand is a video.
    if major == QUICKTIME_BRAND:
        return "mov"
    if major in MP4_BRANDS:
        return "mp4"
    if major in HEIF_BRANDS:
        return "heic"
    if major in AVIF_BRANDS:
        return None
    if compatible & HEIF_BRANDS:
        return "heic"
    if QUICKTIME_BRAND in compatible:
        return "mov"
    if compatible & MP4_BRANDS:
        return "mp4"
    return None


def sniff(data: bytes) -> str | None:
    """The real kind of ``data`` ('jpeg', 'png', 'webp', 'heic', 'mp4',
    'mov') from its first bytes, or None when it is none of them."""
    data = bytes(data[:256])  # room for an ftyp box with many brands
    if data.startswith(JPEG_MAGIC):
        return "jpeg"
    if data.startswith(PNG_MAGIC):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp":
        return _ftyp_kind(data)
    if data[4:8] in QUICKTIME_ATOMS:
        size = int.from_bytes(data[:4], "big")
        if size == 1 or size >= 8:  # 1: a 64-bit size follows
            return "mov"
    return None


# --------------------------------------------------------------------------
# Metadata stripping
# --------------------------------------------------------------------------


def _unreadable():
    """The error for a file that claims a type but cannot be parsed."""
    return UploadError("type")


# APP1 (Exif, XMP), APP13 (Photoshop / IPTC) and COM (comment) segments.
JPEG_DROPPED = {0xE1, 0xED, 0xFE}
JPEG_SOS = 0xDA
JPEG_EOI = 0xD9
# Markers without a length field: TEM and RST0-RST7.
JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def _strip_jpeg(data):
    if not data.startswith(b"\xff\xd8"):
        raise _unreadable()
    out = bytearray(data[:2])
    pos = 2
    while True:
        if pos + 2 > len(data) or data[pos] != 0xFF:
            raise _unreadable()
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker: carries nothing
            pos += 1
            continue
        if marker in JPEG_STANDALONE:
            out += data[pos : pos + 2]
            pos += 2
            continue
        if marker == JPEG_EOI:
            out += data[pos:]
            return bytes(out)
        if pos + 4 > len(data):
            raise _unreadable()
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise _unreadable()
        if marker == JPEG_SOS:
            # The compressed image data follows: copy it verbatim up to the end
            # of the image. Entropy-coded data cannot contain FF D9 (0xFF bytes
            # are stuffed), so the first one is the primary image's EOI; what
            # follows (MPF secondary images with their own EXIF/GPS) is dropped.
            eoi = data.find(b"\xff\xd9", end)
            out += data[pos : eoi + 2] if eoi != -1 else data[pos:]
            return bytes(out)
        if marker not in JPEG_DROPPED:
            out += data[pos:end]
        pos = end


PNG_DROPPED = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


def _strip_png(data):
    """Drop the metadata chunks; bytes after IEND are dropped too."""
    if not data.startswith(PNG_MAGIC):
        raise _unreadable()
    out = bytearray(PNG_MAGIC)
    pos = len(PNG_MAGIC)
    while True:
        if pos + 12 > len(data):
            raise _unreadable()
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunk_type = data[pos + 4 : pos + 8]
        end = pos + 12 + length  # length, type, data, CRC
        if end > len(data):
            raise _unreadable()
        if chunk_type not in PNG_DROPPED:
            out += data[pos:end]
        if chunk_type == b"IEND":
            return bytes(out)
        pos = end


WEBP_DROPPED = {b"EXIF", b"XMP "}
VP8X_EXIF_FLAG = 0x08
VP8X_XMP_FLAG = 0x04


def _strip_webp(data):
    """Drop the EXIF and XMP chunks, clear their VP8X flags, fix the RIFF size."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise _unreadable()
    riff_end = 8 + int.from_bytes(data[4:8], "little")
    if riff_end > len(data):
        raise _unreadable()
    out = bytearray(data[:12])
    pos = 12
    while pos < riff_end:
        if pos + 8 > riff_end:
            raise _unreadable()
        fourcc = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if pos + 8 + size > riff_end:
            raise _unreadable()
        end = min(pos + 8 + size + size % 2, riff_end)  # odd sizes are padded
        if fourcc == b"VP8X":
            if size < 1:
                raise _unreadable()
            chunk = bytearray(data[pos:end])
            chunk[8] &= ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG) & 0xFF
            out += chunk
        elif fourcc not in WEBP_DROPPED:
            out += data[pos:end]
        pos = end
    out[4:8] = (len(out) - 8).to_bytes(4, "little")
    return bytes(out)


class _Reader:
    """Bounds-checked big-endian reading of ``data[pos:end]``."""

    def __init__(self, data, pos, end):
        self.data = data
        self.pos = pos
        self.end = end

    def take(self, size):
        if self.pos + size > self.end:
            raise _unreadable()
        value = self.data[self.pos : self.pos + size]
        self.pos += size
        return value

    def uint(self, size):
        return int.from_bytes(self.take(size), "big")

    def version(self):
        """Version of a full box; its 3 bytes of flags are skipped."""
        version = self.uint(1)
        self.take(3)
        return version

    def cstring(self):
        """A NUL-terminated string (the rest of the box if the NUL is missing)."""
        nul = self.data.find(b"\0", self.pos, self.end)
        stop = self.end if nul < 0 else nul
        value = self.data[self.pos : stop]
        self.pos = min(stop + 1, self.end)
        return value


def _box_spans(data, start, end, terminator=False):
    """Yield ``(box_start, type, payload_start, box_end)`` of the ISO BMFF
    boxes that must exactly fill ``data[start:end]``. With ``terminator``, a
    run of fewer than 8 zero bytes may end the range (QuickTime ends some
    lists with a zero word)."""
    pos = start
    while pos < end:
        if terminator and end - pos < 8 and not any(data[pos:end]):
            return
        box = _Reader(data, pos, end)
        size = box.uint(4)
        box_type = box.take(4)
        if size == 1:
            size = box.uint(8)
        elif size == 0:  # the box runs to the end of its parent
            size = end - pos
        if size < box.pos - pos or pos + size > end:
            raise _unreadable()
        yield pos, box_type, box.pos, pos + size
        pos += size


def _boxes(data, start, end):
    """Yield ``(type, payload_start, box_end)`` of the ISO BMFF boxes in a range."""
    for _start, box_type, payload, box_end in _box_spans(data, start, end):
        yield box_type, payload, box_end


def _metadata_items(data, start, end):
    """IDs of the Exif and XMP items listed in an iinf box payload."""
    iinf = _Reader(data, start, end)
    version = iinf.version()
    iinf.uint(2 if version == 0 else 4)  # entry count; the boxes follow
    found = set()
    for box_type, box_start, box_end in _boxes(data, iinf.pos, end):
        if box_type != b"infe":
            continue
        infe = _Reader(data, box_start, box_end)
        version = infe.version()
        if version < 2:
            continue  # no item type before version 2: cannot be Exif
        if version > 3:
            raise _unreadable()
        item_id = infe.uint(2 if version == 2 else 4)
        infe.uint(2)  # item protection index
        item_type = infe.take(4)
        if item_type == b"Exif":
            found.add(item_id)
        elif item_type == b"mime":
            infe.cstring()  # item name
            if infe.cstring().strip().lower() == b"application/rdf+xml":
                found.add(item_id)
    return found


def _item_locations(data, start, end):
    """``{item_id: (construction_method, data_reference_index, [(offset,
    length), ...])}`` from an iloc box payload."""
    iloc = _Reader(data, start, end)
    version = iloc.version()
    if version > 2:
        raise _unreadable()
    sizes = iloc.uint(1)
    offset_size, length_size = sizes >> 4, sizes & 0x0F
    sizes = iloc.uint(1)
    base_offset_size = sizes >> 4
    index_size = sizes & 0x0F if version > 0 else 0
    for size in (offset_size, length_size, base_offset_size, index_size):
        if size not in (0, 4, 8):
            raise _unreadable()
    id_size = 2 if version < 2 else 4
    locations = {}
    for _index in range(iloc.uint(id_size)):
        item_id = iloc.uint(id_size)
        method = iloc.uint(2) & 0x0F if version > 0 else 0
        data_reference = iloc.uint(2)
        base_offset = iloc.uint(base_offset_size)
        extents = []
        for _extent in range(iloc.uint(2)):
            iloc.uint(index_size)
            offset = iloc.uint(offset_size)
            extents.append((base_offset + offset, iloc.uint(length_size)))
        locations[item_id] = (method, data_reference, extents)
    return locations


def _strip_heic(data):
    """Overwrite the Exif and XMP items with zeros; all offsets stay valid."""
    meta = None
    for box_type, start, end in _boxes(data, 0, len(data)):
        if box_type == b"meta" and meta is None:
            meta = (start, end)
    if meta is None:
        raise _unreadable()
    children = {}
    start, end = meta
    for box_type, box_start, box_end in _boxes(data, start + 4, end):
        children.setdefault(box_type, (box_start, box_end))
    if b"iinf" not in children or b"iloc" not in children:
        raise _unreadable()
    items = _metadata_items(data, *children[b"iinf"])
    if not items:
        return data
    locations = _item_locations(data, *children[b"iloc"])
    out = bytearray(data)
    for item_id in items:
        if item_id not in locations:
            raise _unreadable()
        method, data_reference, extents = locations[item_id]
        # Only items stored in this file at a file offset can be wiped.
        if method != 0 or data_reference != 0 or not extents:
            raise _unreadable()
        for offset, length in extents:
            if length == 0 or offset + length > len(data):
                raise _unreadable()
            out[offset : offset + length] = bytes(length)
    return bytes(out)


# Boxes of a video that hold where it was shot: an ISO 6709 string
# ("+31.2304+121.4737/", QuickTime and Android) and the 3GPP location box.
VIDEO_LOCATION_BOXES = {b"\xa9xyz", b"loci"}
# XMP packets (which may repeat the location): QuickTime's XMP_ box, the ISO
# XML box of a meta box and the XMP uuid box.
VIDEO_XMP_BOXES = {b"XMP_", b"xml "}
XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")
# Boxes whose children may hold metadata; the media boxes are not entered.
VIDEO_CONTAINERS = {b"moov", b"trak", b"udta"}
# Words of a meta/keys entry naming a location, e.g.
# com.apple.quicktime.location.ISO6709 or ...location.accuracy.horizontal.
LOCATION_KEY_WORDS = (b"location", b"iso6709", b"gps")


def _printable_type(box_type):
    return all(0x20 <= byte <= 0x7E or byte == 0xA9 for byte in box_type)


def _free_box(out, box_start, payload_start, box_end):
    """Turn a box into a ``free`` box of the same size, its content zeroed."""
    out[box_start + 4 : box_start + 8] = b"free"
    out[payload_start:box_end] = bytes(box_end - payload_start)


def _location_keys(data, start, end):
    """1-based indexes of the location entries of a meta/keys box payload."""
    keys = _Reader(data, start, end)
    keys.version()
    found = set()
    for index in range(1, keys.uint(4) + 1):
        size = keys.uint(4)
        if size < 8:
            raise _unreadable()
        keys.take(4)  # namespace, e.g. mdta
        name = keys.take(size - 8).lower()
        if any(word in name for word in LOCATION_KEY_WORDS):
            found.add(index)
    return found


def _scrub_video_meta(data, out, start, end):
    """Free the location items and XMP of a meta box payload."""
    if data[start : start + 4] == bytes(4):
        start += 4  # version and flags of an ISO meta box; QuickTime's has none
    children = list(_box_spans(data, start, end, terminator=True))
    location_keys = set()
    for _start, box_type, payload, box_end in children:
        if box_type == b"keys":
            location_keys |= _location_keys(data, payload, box_end)
    for box_start, box_type, payload, box_end in children:
        if box_type in VIDEO_LOCATION_BOXES | VIDEO_XMP_BOXES:
            _free_box(out, box_start, payload, box_end)
        elif box_type == b"ilst":
            # items are typed by their key's index (mdta) or by a code (©xyz)
            for item in _box_spans(data, payload, box_end, terminator=True):
                item_start, item_type, item_payload, item_end = item
                if (
                    item_type in VIDEO_LOCATION_BOXES
                    or int.from_bytes(item_type, "big") in location_keys
                ):
                    _free_box(out, item_start, item_payload, item_end)


def _scrub_video(data, out, start, end):
    """Free the location and XMP boxes in a range, entering the containers."""
    for box_start, box_type, payload, box_end in _box_spans(
        data, start, end, terminator=start > 0
    ):
        if (
            box_type in VIDEO_LOCATION_BOXES | VIDEO_XMP_BOXES
            or box_type == b"uuid"
            and data[payload : payload + 16] == XMP_UUID
        ):
            _free_box(out, box_start, payload, box_end)
        elif box_type in VIDEO_CONTAINERS:
            _scrub_video(data, out, payload, box_end)
        elif box_type == b"meta":
            _scrub_video_meta(data, out, payload, box_end)


def _strip_video(data):
    """Check the box structure of an MP4 / QuickTime file and free its
    location and XMP boxes in place (sizes and offsets unchanged)."""
    top = list(_boxes(data, 0, len(data)))
    types = [box_type for box_type, _start, _end in top]
    if (
        not all(_printable_type(box_type) for box_type in types)
        or types.count(b"moov") != 1
        or b"mdat" not in types
    ):
        raise _unreadable()
    _type, moov_start, moov_end = top[types.index(b"moov")]
    movie = {box_type for box_type, _s, _e in _boxes(data, moov_start, moov_end)}
    if not {b"mvhd", b"trak"} <= movie:
        raise _unreadable()
    out = bytearray(data)
    _scrub_video(data, out, 0, len(data))
    return bytes(out)


STRIPPERS = {
    "jpeg": _strip_jpeg,
    "png": _strip_png,
    "webp": _strip_webp,
    "heic": _strip_heic,
    "mp4": _strip_video,
    "mov": _strip_video,
}


def strip_metadata(kind: str, data: bytes) -> bytes:
    """``data`` without EXIF (GPS included) and XMP, for a video without its
    location and XMP boxes.

    Raises UploadError (code 'type') when a file cannot be parsed, rather
    than returning it with its metadata.
    """
    if kind not in STRIPPERS:
        raise UploadError("type")
    return STRIPPERS[kind](bytes(data))


# --------------------------------------------------------------------------
# Image dimensions, from the header only
# --------------------------------------------------------------------------

# Start-of-frame markers (baseline, progressive, lossless, arithmetic); C4
# (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
JPEG_SOF = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(data):
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in JPEG_STANDALONE:
            pos += 2
            continue
        if marker in (JPEG_SOS, JPEG_EOI):
            break
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker in JPEG_SOF and length >= 7 and pos + 9 <= len(data):
            height = int.from_bytes(data[pos + 5 : pos + 7], "big")
            width = int.from_bytes(data[pos + 7 : pos + 9], "big")
            return width, height
        pos += 2 + max(length, 2)
    raise _unreadable()


def _png_size(data):
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise _unreadable()
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _webp_size(data):
    fourcc = data[12:16]
    if fourcc == b"VP8X" and len(data) >= 30:  # extended: the canvas
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
    elif fourcc == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width = int.from_bytes(data[26:28], "little") & 0x3FFF
        height = int.from_bytes(data[28:30], "little") & 0x3FFF
    elif fourcc == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        width, height = (bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1
    else:
        raise _unreadable()
    return width, height


def _heic_size(data):
    """The largest image of a HEIF file (its ispe properties)."""
    sizes = []
    for box_type, start, end in _boxes(data, 0, len(data)):
        if box_type != b"meta":
            continue
        for prop_type, prop_start, prop_end in _boxes(data, start + 4, end):
            if prop_type != b"iprp":
                continue
            for ipco_type, ipco_start, ipco_end in _boxes(data, prop_start, prop_end):
                if ipco_type != b"ipco":
                    continue
                for item_type, item_start, item_end in _boxes(
                    data, ipco_start, ipco_end
                ):
                    if item_type == b"ispe":
                        ispe = _Reader(data, item_start, item_end)
                        ispe.version()
                        sizes.append((ispe.uint(4), ispe.uint(4)))
        break
    if not sizes:
        raise _unreadable()
    return max(sizes, key=lambda size: size[0] * size[1])


SIZE_READERS = {
    "jpeg": _jpeg_size,
    "png": _png_size,
    "webp": _webp_size,
    "heic": _heic_size,
}


def image_size(kind: str, data: bytes) -> tuple[int, int]:
    """``(width, height)`` of a photo from its header, without decoding it;
    UploadError (code 'type') when the header cannot be read."""
    width, height = SIZE_READERS[kind](data)
    if not width or not height:
        raise _unreadable()
    return width, height


# --------------------------------------------------------------------------
# File names and the whole upload
# --------------------------------------------------------------------------


def _clean_basename(filename):
    """The last path component of ``filename`` without control characters."""
    if isinstance(filename, bytes):
        filename = filename.decode("utf-8", "replace")
    name = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Cc: control characters, Cf: invisible format characters such as the
    # right-to-left override that makes "gpj.exe" look like "exe.jpg".
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    return name.strip()


def _display_name(filename):
    """The name shown in error messages, or None when there is none."""
    return _clean_basename(filename)[:MAX_FILENAME] or None


def _safe_filename(filename, kind):
    """A safe name for an accepted file whose extension matches ``kind``.

    An extension that fits the kind is kept (IMG_1.JPEG); another short
    extension is replaced (x.png holding a JPEG becomes x.jpg); anything
    else is kept as part of the name and the extension is appended.
    """
    name = _clean_basename(filename)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if extension.lower() not in EXTENSIONS[kind]:
        if not (extension.isascii() and extension.isalnum() and len(extension) <= 5):
            stem = name
        extension = EXTENSIONS[kind][0]
    # No hidden files, no "..": dots and spaces around the stem go.
    stem = stem.strip(" .") or ("video" if kind in VIDEO_KINDS else "photo")
    stem = stem[: MAX_FILENAME - len(extension) - 1].rstrip(" .")
    return f"{stem}.{extension}"


def _megabytes(size):
    """``size`` in MB with one decimal, rounded up (never shows 10.0 for 10.0001)."""
    return f"{math.ceil(size * 10 / MB) / 10:.1f}"


def _check(files):
    """``[(filename, kind, data)]`` once every file passed, else UploadError."""
    checked = []
    counts = {"image": 0, "video": 0}
    for filename, data in files:
        name = _display_name(filename)
        if not data:
            raise UploadError("empty", name)
        kind = sniff(data)
        if kind is None:
            raise UploadError("type", name)
        group = "image" if kind in IMAGE_KINDS else "video"
        counts[group] += 1
        max_count, max_bytes = LIMITS[group]
        if counts[group] > max_count:
            raise UploadError(f"{group}_count", name, limit=max_count)
        if len(data) > max_bytes:
            raise UploadError(
                f"{group}_size", name, size=_megabytes(len(data)), limit=max_bytes // MB
            )
        if group == "image":
            _check_pixels(kind, data, name)
        checked.append((filename, kind, data))
    return checked


def _check_pixels(kind, data, name):
    try:
        width, height = image_size(kind, data)
    except UploadError as exc:
        raise UploadError(exc.code, name) from exc
    if width * height > MAX_IMAGE_PIXELS:
        raise UploadError(
            "image_pixels",
            name,
            width=width,
            height=height,
            limit=MAX_IMAGE_PIXELS // 1_000_000,
        )


def check_room(stored: int, adding: int) -> None:
    """UploadError when a feedback that keeps ``stored`` photos and videos
    cannot take ``adding`` more (at most :data:`MAX_FEEDBACK_FILES`)."""
    if adding and stored + adding > MAX_FEEDBACK_FILES:
        raise UploadError("total_count", stored=stored, limit=MAX_FEEDBACK_FILES)


def check_uploads(files: list[tuple[str, bytes]]) -> list[CleanFile]:
    """Check and clean the files of one feedback, all or nothing.

    ``files`` is a list of ``(filename, data)``. Returns a list of
    :class:`CleanFile` in the same order, or raises :class:`UploadError` for
    the first problem: unknown type, empty file, too large, too many.
    """
    clean = []
    for filename, kind, data in _check(files):
        try:
            stripped = strip_metadata(kind, data)
        except UploadError as exc:
            raise UploadError(exc.code, _display_name(filename)) from exc
        clean.append(
            CleanFile(
                filename=_safe_filename(filename, kind),
                mimetype=MIMETYPES[kind],
                kind=kind,
                data=stripped,
            )
        )
    return clean
