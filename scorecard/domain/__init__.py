"""Pure rules of the evaluation (no Django, nothing from the rest of the app; a test proves it).

``statutory`` (labour-cost parameters by code, zone and year), ``tco`` (total cost of
ownership), ``sustainability`` (the statutory test of a rate), ``value`` (cost score, efficient
frontier), ``flags`` (red-flag rules). Callers turn ORM rows into their inputs
(:mod:`scorecard.costs.selectors`, :mod:`scorecard.models.costs`); the decision maths proper
lives in :mod:`scorecard.engine`.
"""
