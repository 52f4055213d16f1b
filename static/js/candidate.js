// Add a candidate: the site lists show only the chosen provider's sites.
// Options carry data-provider; a select with data-sites-of="<provider select id>" follows it.
// Without this script every site is listed and the server refuses a mismatch.
(function () {
  "use strict";

  function follow(select, provider) {
    const chosen = provider.value;
    select.querySelectorAll("option[data-provider]").forEach(function (option) {
      const mine = chosen !== "" && option.dataset.provider === chosen;
      option.hidden = !mine;
      option.disabled = !mine;
      if (!mine) {
        option.selected = false;
      }
    });
  }

  document.querySelectorAll("select[data-sites-of]").forEach(function (select) {
    const provider = document.getElementById(select.dataset.sitesOf);
    if (!provider) {
      return;
    }
    follow(select, provider);
    provider.addEventListener("change", function () {
      follow(select, provider);
    });
  });
})();
