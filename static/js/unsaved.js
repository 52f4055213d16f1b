// Criterion pages of an assessment: never lose typed answers silently. While the form holds
// changes that are not saved, leaving the page (closing the tab, reloading, following a link
// such as "next criterion") asks first; saving (submitting the form) does not.
(function () {
  "use strict";

  function snapshot(form) {
    const parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") {
        return;
      }
      parts.push(name + "=" + (typeof value === "string" ? value : value.name));
    });
    return parts.join("&");
  }

  document.querySelectorAll("form[data-unsaved-warning]").forEach(function (form) {
    const saved = snapshot(form);
    const status = document.getElementById(form.dataset.unsavedStatus || "");
    let leaving = false;

    function dirty() {
      return !leaving && snapshot(form) !== saved;
    }

    function showStatus() {
      if (status) {
        status.hidden = !dirty();
      }
    }

    form.addEventListener("input", showStatus);
    form.addEventListener("change", showStatus);
    form.addEventListener("submit", function () {
      leaving = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    document.querySelectorAll("a[href]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!dirty() || link.target === "_blank" || link.getAttribute("href").startsWith("#")) {
          return;
        }
        if (window.confirm(form.dataset.unsavedWarning)) {
          leaving = true;  // asked once: the browser's own prompt would ask again
        } else {
          event.preventDefault();
        }
      });
    });
  });
})();
