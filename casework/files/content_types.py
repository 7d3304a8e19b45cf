"""Recognising a file's type from its bytes, never from its name."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    key: str
    mime: str
    extensions: tuple[str, ...]
    label: str


PDF = FileType("pdf", "application/pdf", (".pdf",), "PDF")
PNG = FileType("png", "image/png", (".png",), "PNG")
JPEG = FileType("jpeg", "image/jpeg", (".jpg", ".jpeg"), "JPEG")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "Word (DOCX)"
)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "Excel (XLSX)")
MP3 = FileType("mp3", "audio/mpeg", (".mp3",), "MP3")
WAV = FileType("wav", "audio/wav", (".wav",), "WAV")
OGG = FileType("ogg", "audio/ogg", (".ogg", ".oga", ".opus"), "OGG")
M4A = FileType("m4a", "audio/mp4", (".m4a",), "M4A")
TEXT = FileType("text", "text/plain; charset=utf-8", (".txt", ".csv", ".md", ".log"), "văn bản thuần (UTF-8)")

ALL_TYPES = (PDF, PNG, JPEG, DOCX, XLSX, MP3, WAV, OGG, M4A, TEXT)
ALLOWED_LABELS = ", ".join(t.label for t in ALL_TYPES)

# Control characters that never occur in a real text document; NUL above all marks binary data.
_BINARY_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)} | {127}


def detect_type(data: bytes) -> FileType | None:
    """The type of `data` by its magic bytes and structure, or None when it is not one we accept."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _detect_office(data)
    # Recordings of a denunciation made in person or by telephone.
    if data.startswith(b"ID3") or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return MP3
    if data.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return WAV
    if data.startswith(b"OggS"):
        return OGG
    if data[4:8] == b"ftyp" and data[8:11] == b"M4A":
        return M4A
    if _is_utf8_text(data):
        return TEXT
    return None


def _detect_office(data: bytes) -> FileType | None:
    """A ZIP is only accepted as an OOXML document: [Content_Types].xml plus the main part."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            content_types = archive.read("[Content_Types].xml")[:200_000]
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError, OSError):
        return None
    if "word/document.xml" in names and b"wordprocessingml.document.main+xml" in content_types:
        return DOCX
    if "xl/workbook.xml" in names and b"spreadsheetml.sheet.main+xml" in content_types:
        return XLSX
    return None


def _is_utf8_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) in _BINARY_CONTROL for ch in text)


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""
