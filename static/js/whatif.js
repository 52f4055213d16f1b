/* The what-if weight panel: re-rank through the JSON endpoint as sliders move. */
(function () {
  "use strict";
  var form = document.getElementById("what-if-form");
  if (!form) { return; }
  var table = document.querySelector("#what-if-table tbody");
  var error = document.getElementById("what-if-error");
  var timer = null;

  function cell(text, className) {
    var td = document.createElement("td");
    td.textContent = text;
    if (className) { td.className = className; }
    return td;
  }

  function render(payload) {
    table.replaceChildren();
    payload.ranking.forEach(function (row) {
      var tr = document.createElement("tr");
      if (row.agreed_rank !== row.rank) { tr.className = "table-warning"; }
      tr.append(cell(row.rank), cell(row.candidate),
        cell(row.total === null ? "—" : row.total.toFixed(1), "text-end"),
        cell(row.agreed_rank === null ? "—" : row.agreed_rank));
      table.append(tr);
    });
  }

  function update() {
    form.querySelectorAll("output[data-for]").forEach(function (out) {
      out.textContent = document.getElementById(out.dataset.for).value;
    });
    var params = new URLSearchParams(new FormData(form));
    fetch(form.dataset.url + "?" + params.toString(), { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (result) {
        if (!result[0]) {
          error.textContent = Object.values(result[1].errors || {}).join(" ");
          error.classList.remove("d-none");
          return;
        }
        error.classList.add("d-none");
        render(result[1]);
      });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 150);
  });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
})();
