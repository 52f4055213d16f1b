// plotly.js core (scatter included) plus the trace types scorecard/charts.py builds: bar and
// scatterpolar. Add a trace type here when charts.py starts using one, then `npm run build`.
// None of these needs WebGL, so no regl shader code (the part that needs 'unsafe-eval') is in.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/scatterpolar')]);

module.exports = Plotly;
