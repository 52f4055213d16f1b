/* Import progress page (admin): follow the background import through its JSON status. */
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var INTERVAL = 1500;
  var bar = box.querySelector("progress");
  var percent = box.querySelector(".import-percent");
  var step = box.querySelector(".import-step");

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (state) {
        if (state.finished || state.stalled) {
          // The server renders the outcome (counts, or what went wrong), or the way to stop
          // an import whose worker has stopped.
          window.location.reload();
          return;
        }
        bar.value = state.progress;
        bar.textContent = state.progress + "%";
        percent.textContent = state.progress + "%";
        step.textContent = state.step || state.outcome_label;
        window.setTimeout(poll, INTERVAL);
      })
      .catch(function () {
        window.setTimeout(poll, INTERVAL * 4);
      });
  }

  window.setTimeout(poll, INTERVAL);
}());
