"""Cost, compliance and risk: what buyers miss until delivery begins (BRIEF §3.4).

The arithmetic is pure and lives in :mod:`scorecard.domain` (``statutory``, ``tco``,
``sustainability``, ``value``, ``flags``). Here: ``selectors`` turns ORM rows into its inputs;
``checklist`` derives the compliance checklist from provider data.
"""
