/* Draw every server-built plotly figure on the page: <div data-chart="ID"> reads the JSON in
   <script type="application/json" id="ID">. No inline script, so a strict CSP holds. */
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.Plotly) { return; }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(el, figure.data, figure.layout, {
      responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"]
    });
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
  window.scorecardCharts = { draw: draw };
})();
