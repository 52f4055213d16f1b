/* Draw every server-built plotly figure on the page: <div data-chart="ID" data-chart-config="C">
   reads the figure in <script type="application/json" id="ID"> and the plotly config (toolbar,
   locale) in the one with id "C". No inline script, so a strict CSP holds.
   On a narrow screen (a phone) long titles, axis titles and category labels are wrapped onto
   several lines and the margins grow to hold them, so nothing is cut off. */
(function () {
  "use strict";
  var NARROW = 600; // px of chart width below which texts are wrapped
  var CHAR_PX = 7.5; // rough width of one character at the fonts used

  function wrap(text, width) {
    if (typeof text !== "string" || text.indexOf("<br>") !== -1) { return text; }
    var limit = Math.max(12, Math.floor(width / CHAR_PX));
    var lines = [];
    var line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > limit) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) { lines.push(line); }
    return lines.join("<br>");
  }

  function lineCount(text) {
    return typeof text === "string" ? text.split("<br>").length : 1;
  }

  function titleOf(holder) {
    if (!holder || !holder.title) { return null; }
    if (typeof holder.title === "string") { holder.title = { text: holder.title }; }
    return holder.title;
  }

  function fitTitles(layout, width) {
    var title = titleOf(layout);
    if (title && title.text) {
      title.text = wrap(title.text, width - 40);
      title.font = Object.assign({ size: 13 }, title.font || {});
      layout.margin = layout.margin || {};
      layout.margin.t = Math.max(layout.margin.t || 0, 30 + 17 * lineCount(title.text));
    }
    ["xaxis", "yaxis"].forEach(function (name) {
      var axis = titleOf(layout[name]);
      if (axis && axis.text) {
        axis.text = wrap(axis.text, name === "xaxis" ? width - 60 : 220);
        layout[name].automargin = true;
      }
    });
  }

  function fitCategories(figure, width) {
    var limit = Math.max(80, width * 0.3);
    figure.data.forEach(function (trace) {
      if (trace.type === "scatterpolar" && Array.isArray(trace.theta)) {
        trace.theta = trace.theta.map(function (label) { return wrap(label, limit); });
      }
      if (trace.type === "bar" && trace.orientation === "h" && Array.isArray(trace.y)) {
        trace.y = trace.y.map(function (label) { return wrap(label, limit); });
        // Each bar gets the height of its wrapped label, so labels never overlap.
        var lines = Math.max.apply(null, trace.y.map(lineCount));
        var margin = figure.layout.margin || {};
        var needed = trace.y.length * (lines * 14 + 10) + (margin.t || 80) + (margin.b || 80) + 90;
        figure.layout.height = Math.max(figure.layout.height || 0, needed);
      }
    });
    if (figure.layout.polar) {
      var polar = figure.layout.polar;
      polar.angularaxis = Object.assign({}, polar.angularaxis || {}, {
        tickfont: Object.assign({ size: 10 }, (polar.angularaxis || {}).tickfont || {})
      });
      polar.domain = { x: [0.22, 0.78], y: [0.12, 0.88] };
    }
    if (figure.layout.yaxis) { figure.layout.yaxis.automargin = true; }
  }

  function draw(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.Plotly) { return; }
    var figure = JSON.parse(source.textContent);
    figure.layout = figure.layout || {};
    var width = el.clientWidth || window.innerWidth;
    if (width < NARROW) {
      figure.layout.width = undefined;
      fitTitles(figure.layout, width);
      fitCategories(figure, width);
    }
    // The config (toolbar buttons, locale of the page's language) comes from
    // scorecard/charts.py:chart_config, as JSON beside the figure.
    var config = document.getElementById(el.dataset.chartConfig);
    window.Plotly.newPlot(el, figure.data, figure.layout, config ? JSON.parse(config.textContent) : {});
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
  window.scorecardCharts = { draw: draw };
})();
