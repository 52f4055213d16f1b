"""The private file storage: evidence, client logos and reports never get a public URL."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """The ``private`` storage from settings.STORAGES (resolved lazily, so tests can swap it)."""
    return storages["private"]
