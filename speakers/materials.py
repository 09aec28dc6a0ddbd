"""Slides and papers: what is accepted, judged from the file's bytes, never from its name alone.

PDF (``%PDF-``), PowerPoint and Word in their current form (a zip holding
``ppt/presentation.xml`` or ``word/document.xml``) and in the old binary form
(an OLE file named .ppt or .doc), at most ``SPEAKERS_MATERIAL_MAX_BYTES``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML = {
    "ppt/presentation.xml": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "word/document.xml": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
OLE_BY_SUFFIX = {"ppt": "application/vnd.ms-powerpoint", "doc": "application/msword"}


@dataclass(frozen=True)
class CheckedFile:
    suffix: str
    content_type: str


def _refuse() -> ValidationError:
    return ValidationError(
        _("This file is not a PDF, PowerPoint or Word document. Please upload slides or a paper in one of these."),
        code="file_type",
    )


def check_material(upload: UploadedFile) -> CheckedFile:
    """What the upload is, or a ValidationError saying why it is refused."""
    if upload.size > settings.SPEAKERS_MATERIAL_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; at most %(limit)s MB are accepted."),
            code="too_big",
            params={"size": f"{upload.size / 1e6:.1f}", "limit": f"{settings.SPEAKERS_MATERIAL_MAX_BYTES / 1e6:g}"},
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return CheckedFile("pdf", "application/pdf")
    if head.startswith(OLE_MAGIC):
        suffix = (upload.name or "").rsplit(".", 1)[-1].lower()
        if suffix in OLE_BY_SUFFIX:
            return CheckedFile(suffix, OLE_BY_SUFFIX[suffix])
        raise _refuse()
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise _refuse() from exc
        finally:
            upload.seek(0)
        for marker, (suffix, content_type) in OOXML.items():
            if marker in names:
                return CheckedFile(suffix, content_type)
    raise _refuse()
