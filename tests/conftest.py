"""Shared pytest fixtures."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Serve static files without the production manifest (no collectstatic in tests)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's 1,000,000 rounds cost about a second per user created; tests need no
    protection against offline cracking."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_files_in_tmp(monkeypatch, tmp_path_factory):
    """Uploaded files go to a temporary folder, never into the checkout's var/media.

    A FileField resolves its storage callable once, when the model class is built, so
    overriding settings.STORAGES would not reach it: each private field's storage is swapped.
    """
    from django.apps import apps
    from django.core.files.storage import FileSystemStorage
    from django.db.models import FileField

    storage = FileSystemStorage(location=tmp_path_factory.mktemp("private"), base_url=None)
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, FileField) and model_field.storage.base_url is None:
                monkeypatch.setattr(model_field, "storage", storage)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: primary keys repeat across rolled-back tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """LocaleMiddleware activates a request's language in the thread and leaves it there: a
    test that asks for Spanish would otherwise leave Spanish active for the next test (whose
    ``name=`` assignments would then fill the Spanish columns)."""
    yield
    translation.deactivate()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def admin_user(db):
    return UserFactory(username="curator", is_staff=True, is_superuser=True)


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def count_queries():
    """Return a function that GETs a URL and returns (response, number of queries)."""

    def _count(client, url: str):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return response, len(queries)

    return _count
