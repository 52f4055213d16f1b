"""Who may import reference data: superusers and holders of the import permission."""

from __future__ import annotations

IMPORT_PERMISSION = "scorecard.import_reference_data"


def can_import_reference_data(user) -> bool:
    """True for an active superuser or an active user with ``import_reference_data``."""
    return bool(
        user is not None
        and user.is_active
        and (user.is_superuser or user.has_perm(IMPORT_PERMISSION))
    )


def can_see_data_health(user) -> bool:
    """Staff (admins) see the data-health page; so does anyone who may import."""
    return bool(user.is_active and (user.is_staff or can_import_reference_data(user)))
