"""Checks for uploaded files: type by content (magic bytes), size caps, image re-encoding.

A file's extension and its browser-sent content type are never trusted: the first bytes
decide what it is, and the extension must agree. Images are decoded and re-encoded, which
drops metadata and anything appended to them, with a pixel cap against decompression bombs.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class AllowedType:
    mime: str
    extensions: frozenset[str]
    is_image: bool = False


PDF = AllowedType("application/pdf", frozenset({"pdf"}))
PNG = AllowedType("image/png", frozenset({"png"}), is_image=True)
JPEG = AllowedType("image/jpeg", frozenset({"jpg", "jpeg"}), is_image=True)
WEBP = AllowedType("image/webp", frozenset({"webp"}), is_image=True)
XLSX = AllowedType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", frozenset({"xlsx"})
)
CSV = AllowedType("text/csv", frozenset({"csv"}))

EVIDENCE_TYPES = (PDF, PNG, JPEG, WEBP, XLSX, CSV)
IMAGE_TYPES = (PNG, JPEG, WEBP)


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def _sniff(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Markup in a file that passes for text: a browser would run it as a page, so it is no CSV.
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|\?xml)\b", re.IGNORECASE
)


def validate_upload(
    upload: UploadedFile, allowed: tuple[AllowedType, ...], max_bytes: int
) -> tuple[UploadedFile, AllowedType]:
    """Check ``upload`` against ``allowed`` types and ``max_bytes``; return the file to store.

    Images come back re-encoded. Raises ``ValidationError`` with a message for the user.
    """
    if upload.size > max_bytes:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            },
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    extension = _extension(upload.name or "")
    sniffed = _sniff(data[:8192])
    if sniffed == "application/zip" and extension == "xlsx" and b"xl/" in data:
        sniffed = XLSX.mime  # an OOXML workbook is a zip whose entries live under xl/
    if sniffed is None and _looks_like_text(data[:65536]) and not MARKUP.search(data[:65536]):
        sniffed = CSV.mime
    match = next((t for t in allowed if t.mime == sniffed), None)
    names = ", ".join(sorted(ext.upper() for t in allowed for ext in t.extensions))
    if match is None:
        raise ValidationError(
            _("%(name)s is not an accepted file type (accepted: %(types)s).")
            % {"name": upload.name, "types": names},
            code="bad_type",
        )
    if extension not in match.extensions:
        raise ValidationError(
            _(
                "%(name)s contains %(kind)s data but is named .%(ext)s; rename it or upload the "
                "right file."
            )
            % {"name": upload.name, "kind": match.mime, "ext": extension or "?"},
            code="disguised",
        )
    if match.is_image:
        return _reencode_image(upload, data, match), match
    return upload, match


def _reencode_image(upload: UploadedFile, data: bytes, kind: AllowedType) -> UploadedFile:
    from PIL import Image, UnidentifiedImageError

    max_pixels = settings.UPLOAD_MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _("%(name)s is %(w)d×%(h)d pixels; the limit is %(limit)s megapixels.")
                    % {"name": upload.name, "w": width, "h": height, "limit": max_pixels // 10**6},
                    code="too_many_pixels",
                )
            image.load()
            output = io.BytesIO()
            if kind is JPEG:
                image.convert("RGB").save(output, format="JPEG", quality=90)
            else:
                image.save(output, format="PNG" if kind is PNG else "WEBP")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("%(name)s could not be read as an image.") % {"name": upload.name},
            code="bad_image",
        ) from exc
    return SimpleUploadedFile(upload.name, output.getvalue(), content_type=kind.mime)


def validate_image_upload(upload: UploadedFile) -> UploadedFile:
    """A logo or picture: PNG, JPEG or WebP within LOGO_MAX_BYTES, re-encoded."""
    cleaned, _kind = validate_upload(upload, IMAGE_TYPES, settings.LOGO_MAX_BYTES)
    return cleaned


def validate_evidence_upload(upload: UploadedFile) -> tuple[UploadedFile, AllowedType]:
    """Evidence: PDF, images, XLSX or CSV within EVIDENCE_MAX_BYTES."""
    return validate_upload(upload, EVIDENCE_TYPES, settings.EVIDENCE_MAX_BYTES)


def private_download(stored, *, filename: str, content_type: str) -> FileResponse:
    """A privately stored file (evidence, a report, a vendor's upload) as an attachment that
    browsers may not sniff into another type and caches may not keep. Every permission-checked
    download view answers with this, after its own access check."""
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
