// plotly.js core (scatter included) plus the trace types scorecard/charts.py builds: bar and
// scatterpolar, and the Spanish locale. Add a trace type here when charts.py starts using one,
// then `npm run build`.
// None of these needs WebGL, so no regl shader code (the part that needs 'unsafe-eval') is in.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/scatterpolar')]);
// The Spanish strings of the toolbar ("modebar") and plotly's month and day names: the config
// that scorecard/charts.py writes sets locale "es-MX" when the page is Spanish, which plotly
// looks up as "es-MX", then "es". Register each locale of settings.LANGUAGES besides English.
Plotly.register(require('plotly.js/lib/locales/es'));

module.exports = Plotly;
