/* Draw every server-built plotly figure on the page: <div data-chart="ID"> reads the JSON in
   <script type="application/json" id="ID">. No inline script, so a strict CSP holds.
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

  // The city map names its cities in columns beside the map, labelPx apart at the report's
  // width and up. Narrower, the columns hold only the numbers (the table beside the map names
  // them), so the map can take the width, and the font shrinks with the spacing: labels still
  // never overlap.
  function fitMap(layout, width) {
    var meta = layout.meta;
    var design = layout.xaxis.range;
    var narrow = [meta.frame[0] - 2, meta.frame[1] + 2];
    var scale = ((width - 20) / (narrow[1] - narrow[0])) /
      ((meta.design_width - 20) / (design[1] - design[0]));
    var size = Math.max(6, Math.min(11, Math.floor(meta.label_px * scale / 1.3)));
    var degree = (width - 20) / (narrow[1] - narrow[0]); // px per degree of longitude
    layout.xaxis.range = narrow;
    layout.height = Math.round(degree * layout.yaxis.scaleratio * (meta.frame[3] - meta.frame[2])) +
      layout.margin.t + layout.margin.b;
    (layout.annotations || []).forEach(function (note) {
      note.text = String(note.text).split(" ")[0];
      note.font = Object.assign({}, note.font || {}, { size: size });
    });
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
      if (figure.layout.meta && figure.layout.meta.map) { fitMap(figure.layout, width); }
    }
    window.Plotly.newPlot(el, figure.data, figure.layout, {
      responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"]
    });
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
  window.scorecardCharts = { draw: draw };
})();
