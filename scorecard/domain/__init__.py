"""Pure rules of the evaluation: plain data in, plain data out; no ORM, nothing from the rest of
the app (``tests/test_layers.py`` proves it; only ``django.utils.translation`` for wording).

Costs: ``statutory`` (labour-cost parameters by code, zone and year), ``tco`` (total cost of
ownership), ``sustainability`` (the statutory test of a rate), ``value`` (cost score, efficient
frontier), ``flags`` (red-flag rules). Set-up: ``suggestions`` (which sites fit a scope, and
why), ``weights`` (Saaty's scale, the AHP matrix, rounding that keeps 100 %). Callers turn ORM
rows into their inputs (selectors, :mod:`scorecard.models.costs`); the decision maths proper
lives in :mod:`scorecard.engine`.
"""
