"""Cost, compliance and risk: what buyers miss until delivery begins (BRIEF §3.4).

Pure modules (no Django import; a test proves it): ``tco`` (statutory table, total cost of
ownership, sustainability test), ``value`` (cost score, efficient frontier), ``flags`` (red-flag
rules). ``selectors`` turns ORM rows into their inputs; ``checklist`` derives the compliance
checklist from provider data.
"""
