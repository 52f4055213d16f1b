"""The client-ready PDF due-diligence report.

``sections`` is the registry of report sections (what a consultant can choose);
``context`` gathers the data every section reads, from ``scorecard.ranking``;
``fingerprint`` hashes the inputs; ``chart_images`` renders the web pages' plotly figures
(:mod:`scorecard.charts`) to SVG with one long-lived Chromium; ``fetcher`` is the only door
WeasyPrint has to files; ``layout`` lays out the HTML with WeasyPrint in a child process (forked
from ``layout_server``) under time and memory limits; ``build`` ties them together; ``tasks``
runs a build as a background job.
"""
