"""Text kept compressed in memory until it is written: `Packed`.

A build holds every generated page and data file from the moment they are rendered until MkDocs
writes them. At 5,000 approaches that is some 350 MB of HTML (twice that as Python text, which
takes two bytes a character once one character is outside Latin-1, such as '–' or '€') and a
160 MB open-data file. Compressed with zlib at its fastest level, HTML takes about a tenth of
that, and compressing costs less than a second for all of it.

`Packed.of(text)` and `Packed.from_chunks(pieces)` compress (the second without ever holding the
whole text); `text()` gives the text back, and `write_to(path)` writes the UTF-8 bytes to a file
a piece at a time.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Iterable

LEVEL = 1
"""zlib's fastest level: HTML still shrinks to about a tenth, at some 200 MB/s on one core."""
BUFFER = 1 << 20
"""While compressing pieces or writing: how much text is gathered or unpacked at a time."""


class Packed:
    """UTF-8 text compressed with zlib; equal when the text is."""

    __slots__ = ("data", "size")

    def __init__(self, data: bytes, size: int) -> None:
        self.data = data
        self.size = size  # of the UTF-8 bytes

    @classmethod
    def of(cls, text: str) -> Packed:
        raw = text.encode("utf-8")
        return cls(zlib.compress(raw, LEVEL), len(raw))

    @classmethod
    def from_chunks(cls, pieces: Iterable[str]) -> Packed:
        """The pieces joined, compressed as they come: the whole text never exists at once."""
        packer = zlib.compressobj(LEVEL)
        out: list[bytes] = []
        waiting: list[bytes] = []
        gathered = size = 0
        for piece in pieces:
            raw = piece.encode("utf-8")
            waiting.append(raw)
            gathered += len(raw)
            size += len(raw)
            if gathered >= BUFFER:
                out.append(packer.compress(b"".join(waiting)))
                waiting, gathered = [], 0
        out.append(packer.compress(b"".join(waiting)))
        out.append(packer.flush())
        return cls(b"".join(out), size)

    def text(self) -> str:
        return zlib.decompress(self.data).decode("utf-8")

    def write_to(self, path: str | Path) -> None:
        unpacker = zlib.decompressobj()
        with open(path, "wb") as output:
            data = self.data
            while data:
                output.write(unpacker.decompress(data, BUFFER))
                data = unpacker.unconsumed_tail
            output.write(unpacker.flush())

    def __str__(self) -> str:
        return self.text()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Packed):
            return NotImplemented
        return self.size == other.size and (self.data == other.data or self.text() == other.text())

    def __hash__(self) -> int:
        return hash(self.size)

    def __repr__(self) -> str:
        return f"Packed({self.size} bytes of text in {len(self.data)})"
