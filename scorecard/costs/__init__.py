"""Cost, compliance and risk: what buyers miss until delivery begins (BRIEF §3.4).

Pure modules (no Django import; a test proves it): ``statutory`` (labour-cost parameters by
code, zone and year), ``tco`` (total cost of ownership), ``sustainability`` (the statutory test
of a rate), ``value`` (cost score, efficient frontier), ``flags`` (red-flag rules).
``selectors`` turns ORM rows into their inputs; ``checklist`` derives the compliance checklist
from provider data.
"""
