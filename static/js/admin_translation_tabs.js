// Language tabs on admin forms of translated models (django-modeltranslation's TranslationAdmin).
// modeltranslation's own tabs need jQuery UI from a CDN, which the Content-Security-Policy
// forbids; this file does the same job without it. Each translated input carries the class
// "mt-field-<field>-<language>"; a tab shows the rows and inline columns of one language and
// hides the others. A language whose fields have errors opens first.
(function () {
  "use strict";

  function translatedFields() {
    const found = [];
    document.querySelectorAll(".mt").forEach(function (input) {
      input.classList.forEach(function (cls) {
        const match = /^mt-field-(.+)-([a-z]{2}(?:_[a-z]+)?)$/.exec(cls);
        if (match) found.push({ field: match[1], language: match[2], input: input });
      });
    });
    return found;
  }

  function show(fields, language, buttons) {
    fields.forEach(function (f) {
      const name = f.field + "_" + f.language;
      document.querySelectorAll(".field-" + name + ", .column-" + name).forEach(function (el) {
        el.hidden = f.language !== language;
      });
    });
    buttons.forEach(function (button) {
      button.setAttribute("aria-selected", String(button.dataset.language === language));
      button.classList.toggle("selected", button.dataset.language === language);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const fields = translatedFields();
    const form = document.querySelector("#content-main form");
    if (!fields.length || !form) return;
    const languages = [...new Set(fields.map((f) => f.language))];
    const withErrors = fields.find((f) => f.input.closest(".errors, .form-row.errors"));
    const bar = document.createElement("div");
    bar.className = "object-tools translation-tabs";
    bar.setAttribute("role", "tablist");
    const buttons = languages.map(function (language) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.setAttribute("role", "tab");
      button.dataset.language = language;
      button.textContent = language.replace("_", "-").toUpperCase();
      button.addEventListener("click", () => show(fields, language, buttons));
      bar.appendChild(button);
      return button;
    });
    form.prepend(bar);
    show(fields, withErrors ? withErrors.language : languages[0], buttons);
  });
})();
