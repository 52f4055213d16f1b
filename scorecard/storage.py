"""The private file storage: evidence, client logos and reports never get a public URL."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """The ``private`` storage from settings.STORAGES.

    A FileField calls this once, when its model class is built; tests swap the fields'
    storage instead (see tests/conftest.py).
    """
    return storages["private"]
