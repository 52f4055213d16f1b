"""Nearshore Scorecard: the project package and the evaluation app.

Importing this package must stay free of Django imports so that ``scorecard.engine``
can be used (and tested) on its own.
"""
