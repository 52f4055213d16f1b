"""Read queries: ORM rows → what pages, reports, rankings and commands show, each with its
select_related/prefetch_related so the query count does not grow with the rows.

- :mod:`~scorecard.selectors.engagements`: the engagement overview.
- :mod:`~scorecard.selectors.scope`: indicators and criteria in scope of an engagement.
- :mod:`~scorecard.selectors.assessments`: assessment progress, list and criterion sheet.
- :mod:`~scorecard.selectors.history`: an assessment's recorded changes.
- :mod:`~scorecard.selectors.comparisons`: agreement and compare rows from a ranking's results.
- :mod:`~scorecard.selectors.cities`: the city comparison of a shortlist and tier fit.
- :mod:`~scorecard.selectors.suggestions`: candidate suggestions for an engagement's scope.
- :mod:`~scorecard.selectors.costs`: statutory rates, cost overview, the cost criterion.
- :mod:`~scorecard.selectors.compliance`: the compliance checklist and consultants' answers.
- :mod:`~scorecard.selectors.risks`: red-flag facts and the risk overview.

Rankings themselves (engine inputs and results) come from :mod:`scorecard.ranking`, which reads
:mod:`~scorecard.selectors.costs` for the cost criterion; selectors import from the ranking
package only :mod:`scorecard.ranking.measures`, which imports no selector. Import the module you
need: this package re-exports nothing.
"""
