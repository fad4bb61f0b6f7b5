# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import struct
import zlib

import pytest

# Importing odoo (as pytest may do for the addon package) sets
# Image._initialized = 2, so Pillow no longer loads plugins on demand:
# import the WebP one explicitly.
from PIL import ExifTags, Image, PngImagePlugin, WebPImagePlugin  # noqa: F401
from wx_feedback.tests.samples import (
    MEDIA,
    POSITION,
    SECRET,
    TRACK_POSITION,
    XMP,
    box,
    ftyp,
    full_box,
    located_video,
    movie,
    png_bomb,
    png_header,
)
from wx_feedback.tools import uploads
from wx_feedback.tools.uploads import MB, UploadError

# --------------------------------------------------------------------------
# Sample files
# --------------------------------------------------------------------------


def picture():
    """A small image with distinct pixels."""
    img = Image.new("RGB", (24, 16))
    img.putdata([(x * 10, y * 15, (x + y) * 5) for y in range(16) for x in range(24)])
    return img


def exif_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "WanxiangCam"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (31.0, 13.0, 5.5),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (121.0, 28.0, 12.25),
        ExifTags.GPS.GPSAreaInformation: SECRET.decode(),
    }
    return exif.tobytes()


def save(fmt, **options):
    buf = io.BytesIO()
    picture().save(buf, fmt, **options)
    return buf.getvalue()


def pixels(data):
    with Image.open(io.BytesIO(data)) as img:
        return img.convert("RGB").tobytes()


def jpeg_segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


JPEG = save("JPEG", quality=90)
PNG = save("PNG")
WEBP = save("WEBP", lossless=True)
MP4 = ftyp(b"isom", b"isom", b"iso2", b"avc1", b"mp41") + movie() + MEDIA
MOV = ftyp(b"qt  ", b"qt  ") + movie() + MEDIA
EXE = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0" + b"\0" * 48 + b"This program"


# A hand-made HEIC: ftyp, meta (hdlr, pitm, iinf, iloc) and an mdat holding
# the coded image, an Exif item and an XMP item.
HEVC = b"HEVC-CODED-IMAGE" * 8
EXIF_ITEM = b"\0\0\0\0MM\0*\0\0\0\x08" + SECRET
HEIC_ITEMS = {1: HEVC, 2: EXIF_ITEM, 3: XMP}


def infe(version, item_id, item_type, content_type=b""):
    payload = item_id.to_bytes(2 if version == 2 else 4, "big") + b"\0\0"
    payload += item_type + b"name\0"
    if content_type:
        payload += content_type + b"\0"
    return full_box(b"infe", version, payload)


def iloc(version, extents, size=4, base_size=0, index_size=0, method=0):
    """iloc box for ``{item_id: (base_offset, offset, length)}``."""
    id_size = 2 if version < 2 else 4
    payload = bytes([size << 4 | size, base_size << 4 | index_size])
    payload += len(extents).to_bytes(id_size, "big")
    for item_id, (base, offset, length) in extents.items():
        payload += item_id.to_bytes(id_size, "big")
        if version > 0:
            payload += struct.pack(">H", method)
        payload += b"\0\0" + base.to_bytes(base_size, "big") + b"\0\x01"
        payload += bytes(index_size) + offset.to_bytes(size, "big")
        payload += length.to_bytes(size, "big")
    return full_box(b"iloc", version, payload)


def image_properties(width=24, height=16):
    """iprp box with the image's ispe (spatial extent) property."""
    ispe = full_box(b"ispe", 0, struct.pack(">II", width, height))
    return box(b"iprp", box(b"ipco", ispe))


def build_heic(
    iloc_version=1,
    size=4,
    base_size=0,
    infe_version=2,
    large_mdat=False,
    method=0,
    extent=(24, 16),
):
    """``(data, {item_id: (start, end)})`` of a minimal HEIC."""
    mdat_payload = b"".join(HEIC_ITEMS.values())

    def assemble(mdat_start):
        extents = {}
        position = 0
        for item_id, content in HEIC_ITEMS.items():
            if base_size:  # offsets relative to a base offset: the mdat payload
                extents[item_id] = (mdat_start, position, len(content))
            else:
                extents[item_id] = (0, mdat_start + position, len(content))
            position += len(content)
        hdlr = full_box(b"hdlr", 0, bytes(4) + b"pict" + bytes(12) + b"\0")
        pitm = full_box(b"pitm", 0, b"\0\x01")
        iinf = full_box(
            b"iinf",
            0,
            b"\0\x03"
            + infe(infe_version, 1, b"hvc1")
            + infe(infe_version, 2, b"Exif")
            + infe(infe_version, 3, b"mime", b"application/rdf+xml"),
        )
        location = iloc(iloc_version, extents, size, base_size, 0, method)
        properties = image_properties(*extent)
        meta = full_box(b"meta", 0, hdlr + pitm + iinf + location + properties)
        if large_mdat:
            header = struct.pack(">I4sQ", 1, b"mdat", 16 + len(mdat_payload))
        else:
            header = struct.pack(">I4s", 8 + len(mdat_payload), b"mdat")
        head = ftyp(b"heic", b"mif1", b"heic") + meta + box(b"free", b"\0" * 5)
        return head + header, head + header + mdat_payload

    head, _data = assemble(0)
    head, data = assemble(len(head))  # field sizes do not depend on offsets
    ranges = {}
    start = len(head)
    for item_id, content in HEIC_ITEMS.items():
        ranges[item_id] = (start, start + len(content))
        start += len(content)
    return data, ranges


HEIC, HEIC_RANGES = build_heic()
SAMPLES = {
    "jpeg": JPEG,
    "png": PNG,
    "webp": WEBP,
    "heic": HEIC,
    "mp4": MP4,
    "mov": MOV,
}


# --------------------------------------------------------------------------
# Sniffing
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, kind",
    [
        pytest.param(JPEG, "jpeg", id="jpeg"),
        pytest.param(PNG, "png", id="png"),
        pytest.param(WEBP, "webp", id="webp-lossless"),
        pytest.param(save("WEBP", quality=80), "webp", id="webp-lossy"),
        pytest.param(HEIC, "heic", id="heic"),
        pytest.param(ftyp(b"mif1", b"mif1", b"heic"), "heic", id="heic-mif1"),
        pytest.param(ftyp(b"MiHE", b"MiPr", b"heix"), "heic", id="heic-compatible"),
        pytest.param(ftyp(b"heis", b"msf1"), "heic", id="heic-sequence"),
        pytest.param(MP4, "mp4", id="mp4"),
        pytest.param(
            ftyp(b"mp42", b"mp42", b"isom", b"heic"), "mp4", id="mp4-listing-heic"
        ),
        pytest.param(ftyp(b"3gp4", b"3gp4"), "mp4", id="3gp"),
        pytest.param(ftyp(b"XAVC", b"M4V "), "mp4", id="m4v-compatible"),
        pytest.param(MOV, "mov", id="mov"),
        pytest.param(ftyp(b"XYZW", b"qt  "), "mov", id="mov-compatible"),
        pytest.param(box(b"moov", b"\0" * 32), "mov", id="mov-moov-atom"),
        pytest.param(
            box(b"wide", b"") + box(b"mdat", b"\0" * 8), "mov", id="mov-wide-atom"
        ),
        pytest.param(ftyp(b"avif", b"avif", b"mif1", b"miaf"), None, id="avif"),
        pytest.param(ftyp(b"XYZW", b"XYZW"), None, id="unknown-brand"),
        pytest.param(b"\0\0\0\x08ftypheic", None, id="ftyp-without-brands"),
        pytest.param(EXE, None, id="exe"),
        pytest.param(b"GIF89a\x01\0\x01\0", None, id="gif"),
        pytest.param(b"%PDF-1.7\n", None, id="pdf"),
        pytest.param(b"RIFF\x24\0\0\0WAVEfmt ", None, id="wav"),
        pytest.param(b"", None, id="empty"),
    ],
)
def test_sniff(data, kind):
    assert uploads.sniff(data) == kind


def test_mimetypes():
    assert {kind: uploads.MIMETYPES[kind] for kind in SAMPLES} == {
        "jpeg": "image/jpeg",
        "png": "image/png",
        "webp": "image/webp",
        "heic": "image/heic",
        "mp4": "video/mp4",
        "mov": "video/quicktime",
    }


# --------------------------------------------------------------------------
# Metadata stripping
# --------------------------------------------------------------------------


def test_jpeg_from_pillow_loses_exif_and_gps():
    original = save("JPEG", quality=90, exif=exif_with_gps(), comment=b"WXCOMMENT")
    assert SECRET in original and b"WXCOMMENT" in original

    stripped = uploads.strip_metadata("jpeg", original)

    assert SECRET not in stripped and b"Exif\0\0" not in stripped
    assert b"WXCOMMENT" not in stripped
    # Exactly the file Pillow writes without metadata: nothing re-encoded.
    assert stripped == JPEG
    assert pixels(stripped) == pixels(original)
    with Image.open(io.BytesIO(stripped)) as img:
        assert not img.getexif()


def test_jpeg_keeps_every_other_segment_byte_exact():
    icc = jpeg_segment(0xE2, b"ICC_PROFILE\0\x01\x01fake-profile")
    dropped = (
        jpeg_segment(0xE1, b"Exif\0\0" + exif_with_gps())
        + jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + XMP)
        + jpeg_segment(0xED, b"Photoshop 3.0\0WXIPTC")
        + jpeg_segment(0xFE, b"WXCOMMENT")
    )
    # A 0xFF fill byte before a marker is allowed (and carries nothing).
    original = JPEG[:2] + b"\xff" + dropped + icc + JPEG[2:]

    assert uploads.strip_metadata("jpeg", original) == JPEG[:2] + icc + JPEG[2:]


def test_jpeg_data_after_the_end_of_the_image_is_dropped():
    """Phones append MPF secondary images, each with its own EXIF/GPS."""
    secondary = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00GPS-secret\xff\xd9"
    stripped = uploads.strip_metadata("jpeg", JPEG + secondary)
    assert stripped == JPEG
    assert b"GPS-secret" not in stripped


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8\xff\xe0\x00",  # cut inside a segment header
        b"\xff\xd8\xff\xe0\x00\x10JFIF",  # segment longer than the file
        b"\xff\xd8\xff\xe0\x00\x01",  # impossible segment length
        b"\xff\xd8\xff\xe0\x00\x02XX",  # garbage where a marker should be
        b"\xff\xd8",  # no segments at all
    ],
)
def test_unparseable_jpeg_is_refused(data):
    with pytest.raises(UploadError) as caught:
        uploads.strip_metadata("jpeg", data)
    assert caught.value.code == "type"


def test_png_loses_exif_text_and_time_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "WXTEXT")
    info.add_text("Author", "WXZTEXT", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    original = save("PNG", exif=exif_with_gps(), pnginfo=info)
    time_data = b"tIME\x07\xea\x01\x02\x03\x04\x05"
    time_chunk = b"\0\0\0\x07" + time_data + struct.pack(">I", zlib.crc32(time_data))
    original = original[:33] + time_chunk + original[33:]  # after IHDR
    for chunk_type in (b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"):
        assert chunk_type in original

    stripped = uploads.strip_metadata("png", original)

    for chunk_type in (b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"):
        assert chunk_type not in stripped
    assert SECRET not in stripped
    assert stripped == PNG
    assert pixels(stripped) == pixels(original)
    with Image.open(io.BytesIO(stripped)) as img:
        assert "exif" not in img.info and not img.getexif()


def test_unparseable_png_is_refused():
    with pytest.raises(UploadError):
        uploads.strip_metadata("png", PNG[:40])  # no IEND


@pytest.mark.parametrize("options", [{"lossless": True}, {"quality": 80}])
def test_webp_loses_exif_and_xmp_chunks(options):
    original = save("WEBP", exif=exif_with_gps(), xmp=XMP, **options)
    assert original[12:16] == b"VP8X" and original[20] & 0x0C == 0x0C
    assert SECRET in original and b"WXXMPSECRET" in original

    stripped = uploads.strip_metadata("webp", original)

    assert SECRET not in stripped and b"WXXMPSECRET" not in stripped
    assert b"EXIF" not in stripped and b"XMP " not in stripped
    assert stripped[12:16] == b"VP8X" and stripped[20] & 0x0C == 0
    assert int.from_bytes(stripped[4:8], "little") == len(stripped) - 8
    assert pixels(stripped) == pixels(original)
    with Image.open(io.BytesIO(stripped)) as img:
        assert not img.getexif() and "xmp" not in img.info


def test_simple_webp_is_unchanged():
    assert uploads.strip_metadata("webp", WEBP) == WEBP


def test_unparseable_webp_is_refused():
    with pytest.raises(UploadError):
        uploads.strip_metadata("webp", b"RIFF\xff\0\0\0WEBPVP8X")


def assert_items_zeroed(original, stripped, ranges, zeroed):
    assert len(stripped) == len(original)
    wiped = bytearray(original)
    for item_id in zeroed:
        start, end = ranges[item_id]
        assert stripped[start:end] == bytes(end - start)
        wiped[start:end] = bytes(end - start)
    assert stripped == bytes(wiped)  # everything else is byte-identical


@pytest.mark.parametrize("iloc_version", [0, 1, 2])
@pytest.mark.parametrize("size", [4, 8])
def test_heic_exif_and_xmp_items_are_zeroed_in_place(iloc_version, size):
    original, ranges = build_heic(iloc_version=iloc_version, size=size)
    stripped = uploads.strip_metadata("heic", original)
    assert SECRET not in stripped and b"WXXMPSECRET" not in stripped
    assert_items_zeroed(original, stripped, ranges, zeroed=(2, 3))
    assert HEVC in stripped


@pytest.mark.parametrize(
    "options",
    [
        {"infe_version": 3},
        {"base_size": 4},
        {"base_size": 8, "iloc_version": 2, "size": 8},
        {"large_mdat": True},
    ],
)
def test_heic_layout_variants(options):
    original, ranges = build_heic(**options)
    stripped = uploads.strip_metadata("heic", original)
    assert_items_zeroed(original, stripped, ranges, zeroed=(2, 3))


def test_heic_without_metadata_items_is_unchanged():
    original, _ranges = build_heic()
    without = original.replace(b"Exif", b"hvc1").replace(b"application", b"text/plain!")
    assert uploads.strip_metadata("heic", without) == without


@pytest.mark.parametrize(
    "damage",
    [
        lambda data, ranges: build_heic(method=1)[0],  # Exif stored in idat
        lambda data, ranges: data.replace(b"iloc\x01", b"iloc\x05", 1),  # version 5
        lambda data, ranges: data.replace(b"iloc", b"ilox", 1),  # no iloc
        lambda data, ranges: data.replace(b"meta", b"mota", 1),  # no meta
        lambda data, ranges: data[: ranges[2][0] - 20],  # cut: boxes overrun
        lambda data, ranges: data + b"\0\0\0",  # trailing bytes, not a box
    ],
    ids=["idat", "iloc-version", "no-iloc", "no-meta", "truncated", "trailing"],
)
def test_unparseable_heic_is_refused(damage):
    original, ranges = build_heic()
    with pytest.raises(UploadError) as caught:
        uploads.strip_metadata("heic", damage(original, ranges))
    assert caught.value.code == "type"


def test_heic_extent_beyond_the_file_is_refused():
    original, ranges = build_heic()
    # Cut the end of the XMP item, keeping the mdat box size consistent.
    damaged = bytearray(original[:-10])
    mdat = ranges[1][0] - 8
    damaged[mdat : mdat + 4] = struct.pack(">I", len(damaged) - mdat)
    with pytest.raises(UploadError):
        uploads.strip_metadata("heic", bytes(damaged))


@pytest.mark.parametrize("kind", ["mp4", "mov"])
def test_videos_without_location_are_unchanged(kind):
    assert uploads.strip_metadata(kind, SAMPLES[kind]) == SAMPLES[kind]


SECRETS = (
    POSITION,
    TRACK_POSITION,
    b"WXLOCI",
    b"WXACCURACY",
    b"WXXMPSECRET",
    b"WXITUNES",
)


@pytest.mark.parametrize(
    "kind, head",
    [
        ("mov", None),
        ("mp4", ftyp(b"mp42", b"mp42", b"isom")),
        ("mp4", struct.pack(">I4sQ", 1, b"ftyp", 24) + b"isom\0\0\0\0"),
    ],
    ids=["mov", "mp4", "mp4-64-bit-ftyp"],
)
def test_video_location_and_xmp_are_freed_in_place(kind, head):
    original = located_video(head)
    for secret in SECRETS:
        assert secret in original

    stripped = uploads.strip_metadata(kind, original)

    for secret in SECRETS:
        assert secret not in stripped, secret
    # same size, every box where it was: the media offsets stay valid
    assert len(stripped) == len(original)
    assert stripped.endswith(MEDIA)
    assert [(s, e) for _t, s, e in uploads._boxes(stripped, 0, len(stripped))] == [
        (s, e) for _t, s, e in uploads._boxes(original, 0, len(original))
    ]
    # what is not a location stays: make, creation date, title, key names
    for kept in (b"Apple", b"2026-11-23T09:15:00", b"Mango delivery", b"mvhd"):
        assert kept in stripped
    assert b"com.apple.quicktime.location.ISO6709" in stripped
    # the result is a well-formed video that has nothing left to strip
    assert uploads.strip_metadata(kind, stripped) == stripped


def test_video_box_with_a_64_bit_size_is_freed():
    position = struct.pack(">I4sQ", 1, b"\xa9xyz", 16 + len(POSITION)) + POSITION
    original = MP4.replace(movie(), movie(moov_extra=box(b"udta", position)))
    stripped = uploads.strip_metadata("mp4", original)
    assert POSITION not in stripped and len(stripped) == len(original)
    assert struct.pack(">I4sQ", 1, b"free", 16 + len(POSITION)) in stripped


@pytest.mark.parametrize(
    "data",
    [
        ftyp(b"isom", b"isom") + b"moov and mdat are mentioned, but no boxes",
        ftyp(b"isom", b"isom") + MEDIA,  # no movie
        ftyp(b"isom", b"isom") + movie() + movie() + MEDIA,  # two movies
        ftyp(b"isom", b"isom") + movie(),  # no media data
        ftyp(b"isom", b"isom")
        + box(b"moov", full_box(b"mvhd", 0, bytes(96)))
        + MEDIA,  # no track
        MP4 + b"\0\0\0",  # trailing bytes, not a box
        MP4[:-5],  # cut: the media box overruns the file
        MP4 + box(b"\x00\x01\x02\x03", b"x"),  # a box type that is no name
        ftyp(b"isom", b"isom")
        + movie(moov_extra=box(b"udta", b"\xff\xff\xff\xffbroken"))
        + MEDIA,  # a user data box that does not parse
        box(b"moov", b"\0" * 32),  # old QuickTime start, nothing inside
    ],
    ids=[
        "junk",
        "no-moov",
        "two-moov",
        "no-mdat",
        "no-trak",
        "trailing",
        "truncated",
        "binary-type",
        "broken-udta",
        "empty-moov",
    ],
)
def test_malformed_videos_are_refused(data):
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("clip.mp4", data)])
    assert (caught.value.code, caught.value.filename) == ("type", "clip.mp4")


# --------------------------------------------------------------------------
# Image dimensions
# --------------------------------------------------------------------------


def jpeg_header(width, height, marker=0xC2):
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + jpeg_segment(0xE0, b"JFIF\0") + jpeg_segment(marker, frame)


def webp_vp8x(width, height):
    canvas = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    chunk = b"VP8X" + struct.pack("<I", 10) + b"\0\0\0\0" + canvas
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


@pytest.mark.parametrize(
    "kind, data",
    [
        ("jpeg", JPEG),
        ("jpeg", save("JPEG", progressive=True, exif=exif_with_gps())),
        ("png", PNG),
        ("webp", WEBP),
        ("webp", save("WEBP", quality=80)),
        ("webp", save("WEBP", quality=80, exif=exif_with_gps())),  # VP8X
        ("heic", HEIC),
    ],
    ids=[
        "jpeg",
        "jpeg-progressive",
        "png",
        "webp-lossless",
        "webp-lossy",
        "vp8x",
        "heic",
    ],
)
def test_image_size_is_read_from_the_header(kind, data):
    assert uploads.image_size(kind, data) == (24, 16)


@pytest.mark.parametrize(
    "kind, data, size",
    [
        ("png", png_header(13000, 13000), (13000, 13000)),
        ("jpeg", jpeg_header(9000, 6000), (9000, 6000)),
        ("jpeg", jpeg_header(9000, 6000, marker=0xC0), (9000, 6000)),
        ("webp", webp_vp8x(16383, 16383), (16383, 16383)),
        ("heic", build_heic(extent=(12000, 9000))[0], (12000, 9000)),
    ],
    ids=["png", "jpeg-progressive", "jpeg-baseline", "webp", "heic"],
)
def test_images_over_the_pixel_budget_are_refused_before_decoding(kind, data, size):
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("bomb", data)])
    error = caught.value
    assert error.code == "image_pixels"
    assert (error.params["width"], error.params["height"]) == size
    name = error.filename
    assert str(error) == (
        f"{name} is {size[0]} x {size[1]} pixels; photos may have at most"
        " 40 megapixels."
    )


def test_a_real_png_bomb_is_refused_from_its_header():
    bomb = png_bomb()
    assert len(bomb) < 100_000  # 169 megapixels in a few KB
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("black.png", bomb)])
    assert caught.value.code == "image_pixels"


def test_pixel_budget_boundary():
    (clean,) = uploads.check_uploads([("big.png", png_header(8000, 5000))])
    assert clean.kind == "png"
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("big.png", png_header(8001, 5000))])
    assert caught.value.code == "image_pixels"


@pytest.mark.parametrize(
    "kind, data",
    [
        ("jpeg", b"\xff\xd8" + jpeg_segment(0xE0, b"JFIF\0") + b"\xff\xd9"),
        ("png", uploads.PNG_MAGIC + b"\0\0\0\x0dIHDX" + bytes(17)),
        ("webp", b"RIFF\x0c\0\0\0WEBPVP8 \0\0\0\0"),
        ("heic", build_heic()[0].replace(b"ispe", b"ispx")),
        ("png", png_header(0, 10)),
    ],
    ids=["jpeg-no-frame", "png-no-ihdr", "webp-no-frame", "heic-no-ispe", "empty"],
)
def test_image_without_readable_dimensions_is_refused(kind, data):
    with pytest.raises(UploadError) as caught:
        uploads.image_size(kind, data)
    assert caught.value.code == "type"


def test_room_left_on_a_feedback():
    uploads.check_room(0, 10)
    uploads.check_room(20, 10)
    uploads.check_room(30, 0)  # an update without files always fits
    with pytest.raises(UploadError) as caught:
        uploads.check_room(21, 10)
    assert caught.value.code == "total_count"
    assert str(caught.value) == (
        "This feedback already has 21 photos and videos; it can keep at most 30."
    )


# --------------------------------------------------------------------------
# check_uploads
# --------------------------------------------------------------------------


def test_photos_and_a_video_are_accepted_and_cleaned():
    files = [
        ("IMG_0001.JPG", save("JPEG", quality=90, exif=exif_with_gps())),
        ("sample.png", PNG),
        ("sample.webp", WEBP),
        ("sample.heic", HEIC),
        ("sample.mp4", MP4),
    ]

    clean = uploads.check_uploads(files)

    assert [(f.filename, f.mimetype, f.kind, f.is_video) for f in clean] == [
        ("IMG_0001.JPG", "image/jpeg", "jpeg", False),
        ("sample.png", "image/png", "png", False),
        ("sample.webp", "image/webp", "webp", False),
        ("sample.heic", "image/heic", "heic", False),
        ("sample.mp4", "video/mp4", "mp4", True),
    ]
    assert clean[0].data == JPEG
    assert SECRET not in clean[3].data
    assert clean[4].data == MP4


def test_mov_video_is_accepted():
    (clean,) = uploads.check_uploads([("clip.MOV", MOV)])
    assert clean == ("clip.MOV", "video/quicktime", "mov", MOV)


def test_renamed_executable_is_refused_naming_the_accepted_types():
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("report.jpg", EXE)])
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.code, error.filename) == ("type", "report.jpg")
    assert str(error) == (
        "Only JPEG, PNG, WebP and HEIC photos and MP4 or MOV videos are accepted;"
        " report.jpg is not one of them."
    )
    assert error.template == uploads.MESSAGES["type"]
    assert error.params["filename"] == "report.jpg"
    assert str(error) == error.template % error.params


def test_image_over_10_mb_is_refused():
    big = uploads.JPEG_MAGIC + bytes(11 * MB - 3)
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("photo.jpg", big)])
    error = caught.value
    assert error.code == "image_size" and error.filename == "photo.jpg"
    assert str(error) == "photo.jpg is 11.0 MB; photos may be at most 10 MB each."
    assert error.params["limit"] == 10
    assert "%(limit)s MB" in error.template


def test_image_of_exactly_10_mb_is_accepted():
    padded = JPEG + bytes(uploads.MAX_IMAGE_BYTES - len(JPEG))
    (clean,) = uploads.check_uploads([("photo.jpg", padded)])
    assert clean.data == JPEG  # accepted; the padding after the image is dropped


def test_ten_images_are_refused_nine_accepted():
    assert len(uploads.check_uploads([("p.png", PNG)] * 9)) == 9
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("p.png", PNG)] * 10)
    assert caught.value.code == "image_count"
    assert str(caught.value) == "At most 9 photos per feedback."


def test_two_videos_are_refused():
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("a.mp4", MP4), ("p.png", PNG), ("b.mov", MOV)])
    assert caught.value.code == "video_count" and caught.value.filename == "b.mov"
    assert str(caught.value) == "At most 1 video per feedback."


def test_video_over_50_mb_is_refused():
    big = MP4 + bytes(int(51.2 * MB) - len(MP4))
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("video.mp4", big)])
    assert caught.value.code == "video_size"
    assert str(caught.value) == "video.mp4 is 51.2 MB; a video may be at most 50 MB."


def test_sizes_just_over_the_limit_are_rounded_up():
    big = uploads.JPEG_MAGIC + bytes(uploads.MAX_IMAGE_BYTES - 2)
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("photo.jpg", big)])
    assert caught.value.params["size"] == "10.1"


@pytest.mark.parametrize("data", [b"", None])
def test_empty_file_is_refused(data):
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("empty.jpg", data)])
    assert caught.value.code == "empty"
    assert str(caught.value) == "empty.jpg is empty."


def test_nothing_is_stripped_or_returned_when_one_file_is_bad(monkeypatch):
    calls = []
    monkeypatch.setattr(
        uploads, "strip_metadata", lambda kind, data: calls.append(kind) or data
    )
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("a.jpg", JPEG), ("b.png", PNG), ("c.jpg", EXE)])
    assert caught.value.filename == "c.jpg"
    assert calls == []


def test_unparseable_image_is_refused_with_its_name():
    broken = HEIC.replace(b"iloc", b"ilox", 1)
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("a.png", PNG), ("dir/IMG_7.HEIC", broken)])
    assert (caught.value.code, caught.value.filename) == ("type", "IMG_7.HEIC")
    assert "IMG_7.HEIC is not one of them" in str(caught.value)


@pytest.mark.parametrize(
    "filename, kind, expected",
    [
        ("../../etc/fruit.jpg", "jpeg", "fruit.jpg"),
        ("C:\\Users\\li\\IMG 1.JPEG", "jpeg", "IMG 1.JPEG"),
        ("x.png", "jpeg", "x.jpg"),
        ("holiday.jpg", "heic", "holiday.heic"),
        ("clip.mp4", "mov", "clip.mov"),
        ("clip", "mov", "clip.mov"),
        ("v1.2 final cut", "mp4", "v1.2 final cut.mp4"),
        ("ba\x00d\x1bna\x7fme\n.png", "png", "badname.png"),
        ("\u202egpj.exe", "jpeg", "gpj.jpg"),
        ("芒果坏了.webp", "webp", "芒果坏了.webp"),
        (".hidden.png", "png", "hidden.png"),
        ("", "jpeg", "photo.jpg"),
        (None, "mov", "video.mov"),
        ("..", "png", "photo.png"),
        (".jpg", "jpeg", "photo.jpg"),
        ("/tmp/", "mp4", "video.mp4"),
    ],
)
def test_filenames_are_sanitised_and_extensions_corrected(filename, kind, expected):
    (clean,) = uploads.check_uploads([(filename, SAMPLES[kind])])
    assert clean.filename == expected


def test_long_filenames_are_cut_to_100_characters():
    (clean,) = uploads.check_uploads([("a" * 300 + ".png", JPEG)])
    assert clean.filename == "a" * 96 + ".jpg"
    with pytest.raises(UploadError) as caught:
        uploads.check_uploads([("b" * 300 + ".exe", EXE)])
    assert len(caught.value.filename) == 100
