// Weights page: live totals of criterion weights and of each criterion's indicator weights.
// The server checks the same rule (each total is 100 ± 0.01); this only says so while typing.
(function () {
  "use strict";
  const TOLERANCE = 0.01;

  function sum(form, group) {
    let total = 0;
    form.querySelectorAll('input[data-weight-group="' + group + '"]').forEach(function (input) {
      const value = parseFloat(input.value);
      if (!Number.isNaN(value)) {
        total += value;
      }
    });
    return total;
  }

  function update(form) {
    form.querySelectorAll("[data-total-for]").forEach(function (output) {
      const total = sum(form, output.dataset.totalFor);
      const ok = Math.abs(total - 100) <= TOLERANCE;
      output.textContent =
        total.toFixed(2) + " % (" + (ok ? form.dataset.okText : form.dataset.badText) + ")";
      output.classList.toggle("text-success", ok);
      output.classList.toggle("text-danger", !ok);
    });
  }

  document.querySelectorAll("[data-weights-form]").forEach(function (form) {
    form.addEventListener("input", function () {
      update(form);
    });
    update(form);
  });
})();
