# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The engine's JSON model files (``urgency.json``, ``categories.json``).

One place for what every such file shares: the ``format`` / ``features``
header and its check (a file written for other features must not be read
by this engine), writing and reading the file, and the packing of a hashed
weight array (little-endian float32, zlib, base64) inside the JSON.

A model class mixes in :class:`JsonModelFile` and defines ``FORMAT``,
``FEATURES``, ``KIND`` (its name in messages), ``DATA_FILE`` (the shipped
file), ``as_dict()`` (starting from :meth:`JsonModelFile.header`) and
``_from_checked(data)``.
"""

import array
import base64
import json
import sys
import zlib
from pathlib import Path


def pack_weights(weights):
    """A float array as text: little-endian float32, zlib level 9, base64."""
    values = array.array("f", weights)
    if sys.byteorder != "little":
        values.byteswap()
    return base64.b64encode(zlib.compress(values.tobytes(), 9)).decode()


def unpack_weights(text, size, kind):
    """The float32 array packed by :func:`pack_weights`; ``ValueError`` when it
    is damaged or does not hold ``size`` values."""
    values = array.array("f")
    try:
        values.frombytes(zlib.decompress(base64.b64decode(text)))
    except (zlib.error, ValueError) as error:
        raise ValueError(f"{kind} weights are damaged") from error
    if sys.byteorder != "little":
        values.byteswap()
    if len(values) != size:
        raise ValueError(f"{kind} weights do not match their size")
    return values


class JsonModelFile:
    """``save`` / ``load`` / ``from_dict`` of a JSON model file."""

    FORMAT = None
    FEATURES = ()
    KIND = "model"
    DATA_FILE = None

    @classmethod
    def header(cls):
        return {"format": cls.FORMAT, "features": list(cls.FEATURES)}

    def save(self, path):
        Path(path).write_text(
            json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )

    @classmethod
    def from_dict(cls, data):
        if not isinstance(data, dict) or data.get("format") != cls.FORMAT:
            raise ValueError(f"not a wx_nlp {cls.KIND} model")
        if tuple(data.get("features") or ()) != tuple(cls.FEATURES):
            raise ValueError(f"{cls.KIND} model features do not match this engine")
        return cls._from_checked(data)

    @classmethod
    def load(cls, path=None):
        text = Path(path or cls.DATA_FILE).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))
