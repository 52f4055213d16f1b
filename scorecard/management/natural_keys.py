"""Natural keys resolved once per fixture load, not once per reference.

``loaddata`` resolves every natural key with its own query: each foreign key given as a natural
key (``get_by_natural_key``), each object's own key to find whether it exists, and, to compute
that key, each related object the key is made of (a score's key is its assessment's, whose key
is its candidate's, …). The demo fixtures made about ten SELECTs an object that way.
:func:`cached_natural_keys` keeps, for the length of one load, an identity map of the rows it
has seen (found by natural key, fetched through a foreign key, or saved by the load) and
answers those look-ups from it, and the existence checks of foreign keys that fixture
validation (``scorecard.signals``) runs. Rows only enter the map from the database or from the load
itself, inside the load's transaction, so an answer is never one the database would not give.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db.models import Field, ForeignKey
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.db.models.signals import post_save


class _IdentityMap:
    def __init__(self) -> None:
        self.by_pk: dict[tuple[type, object], object] = {}
        self.by_key: dict[tuple[type, tuple], object] = {}

    def remember(self, obj, key: tuple | None = None) -> None:
        model = obj._meta.concrete_model
        self.by_pk[(model, obj.pk)] = obj
        if key is not None:
            self.by_key[(model, tuple(key))] = obj


def _managers() -> set[type]:
    """The manager classes whose models have natural keys."""
    return {
        type(model._default_manager)
        for model in apps.get_models()
        if hasattr(model._default_manager, "get_by_natural_key")
    }


@contextmanager
def cached_natural_keys() -> Iterator[None]:
    """Within the block, answer natural-key and foreign-key look-ups from the rows already seen.

    Meant for one ``loaddata`` run inside a transaction (``setup_demo``): the block must not
    run concurrently with other code that changes the same rows.
    """
    seen = _IdentityMap()
    originals = {manager: manager.get_by_natural_key for manager in _managers()}
    original_get_object = ForwardManyToOneDescriptor.get_object
    original_validate = ForeignKey.validate

    def get_by_natural_key(self, *key):
        model = self.model._meta.concrete_model
        found = seen.by_key.get((model, key))
        if found is None:
            found = originals[type(self)](self, *key)
            seen.remember(found, key)
        return found

    def get_object(self, instance):
        field = self.field
        target = field.remote_field.model._meta.concrete_model
        if field.target_field.primary_key:
            value = getattr(instance, field.attname)
            found = seen.by_pk.get((target, value))
            if found is None:
                found = original_get_object(self, instance)
                seen.remember(found)
            return found
        return original_get_object(self, instance)

    def validate(self, value, model_instance):
        # Checking that the row exists: one already seen exists (the load only adds rows).
        target = self.remote_field.model._meta.concrete_model
        if (
            value is not None
            and self.target_field.primary_key
            and not self.get_limit_choices_to()
            and (target, value) in seen.by_pk
        ):
            return Field.validate(self, value, model_instance)
        return original_validate(self, value, model_instance)

    def remember_saved(sender, instance, **kwargs) -> None:
        key = instance.natural_key() if hasattr(instance, "natural_key") else None
        seen.remember(instance, key)

    own = {manager for manager in originals if "get_by_natural_key" in vars(manager)}
    for manager in originals:
        manager.get_by_natural_key = get_by_natural_key
    ForwardManyToOneDescriptor.get_object = get_object
    ForeignKey.validate = validate
    post_save.connect(remember_saved, dispatch_uid="cached_natural_keys", weak=False)
    try:
        yield
    finally:
        post_save.disconnect(dispatch_uid="cached_natural_keys")
        ForwardManyToOneDescriptor.get_object = original_get_object
        ForeignKey.validate = original_validate
        for manager, method in originals.items():
            if manager in own:
                manager.get_by_natural_key = method
            else:  # inherited: uncover the parent's again
                del manager.get_by_natural_key
