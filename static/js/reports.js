/* Reports page: follow reports being built through their JSON status, then show the result. */
(function () {
  "use strict";
  // Widths are set here, not in a style attribute: the Content-Security-Policy allows no
  // inline styles (setting element.style from a script file is allowed).
  document.querySelectorAll(".progress-bar[data-progress]").forEach(function (bar) {
    bar.style.width = bar.dataset.progress + "%";
  });
  var rows = document.querySelectorAll("tr[data-report-status]");
  if (!rows.length) { return; }
  var INTERVAL = 1500;

  function poll(row) {
    fetch(row.dataset.reportStatus, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (state) {
        if (state.finished) {
          // The server renders the finished row (badge, page count, download link).
          window.location.reload();
          return;
        }
        var bar = row.querySelector(".progress");
        if (bar) {
          bar.setAttribute("aria-valuenow", state.progress);
          bar.firstElementChild.style.width = state.progress + "%";
        }
        var step = row.querySelector(".report-step");
        if (step) { step.textContent = state.step || state.status_label; }
        window.setTimeout(function () { poll(row); }, INTERVAL);
      })
      .catch(function () {
        window.setTimeout(function () { poll(row); }, INTERVAL * 4);
      });
  }

  rows.forEach(function (row) { poll(row); });
}());
