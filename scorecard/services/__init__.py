"""Writes that span several models: keyword-only, typed, atomic; import from the module."""
