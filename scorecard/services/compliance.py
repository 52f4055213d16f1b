"""Files backing a consultant's compliance-checklist answer."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from scorecard.models import ComplianceCheck, ComplianceEvidence
from scorecard.uploads import AllowedType


def attach_compliance_file(
    *, answer: ComplianceCheck, upload: UploadedFile, kind: AllowedType, user: AbstractBaseUser
) -> ComplianceEvidence:
    """Store ``upload`` (already checked by :func:`scorecard.uploads.validate_evidence_upload`,
    which gives ``kind``) privately as evidence of ``answer``."""
    return ComplianceEvidence.objects.create(
        answer=answer,
        file=upload,
        original_name=upload.name[:200],
        content_type=kind.mime,
        size=upload.size,
        uploaded_by=user,
    )


@transaction.atomic
def remove_compliance_file(*, evidence: ComplianceEvidence) -> None:
    """Delete the file and its row (the file goes only once the row is gone)."""
    stored = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
