"""The road from an engagement's ORM rows to the decision engine and back.

- :mod:`~scorecard.ranking.measures`: figures and gate facts read from reference data.
- :mod:`~scorecard.ranking.inputs`: :func:`load_inputs`, everything a ranking depends on.
- :mod:`~scorecard.ranking.evaluate`: the engine adapter (gate definitions → engine gates,
  inputs → :func:`scorecard.engine.evaluate_engagement` → :class:`Results`).
- :mod:`~scorecard.ranking.cache`: the data version and the cached inputs and results.

Pages, exports, charts, reports and commands read rankings through these modules; none of
them recomputes a rule the engine owns (gate outcomes, disagreement spreads and flags, the
sensitivity inputs). Import from the submodules: this package imports nothing on purpose,
so :mod:`scorecard.selectors.risks` can read :mod:`~scorecard.ranking.measures` without a cycle.
"""
