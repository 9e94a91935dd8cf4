// Switch between the corrected and the diplomatic reading. The page works without this file: it
// then shows the reading chosen when it was built, with the other reading in tooltips. Loaded as a
// separate file because the Content Security Policy allows no inline script.
(function () {
  "use strict";
  var KEY = "tei-edition-reading";
  var root = document.documentElement;

  function apply(reading, button) {
    root.setAttribute("data-reading", reading);
    if (button) {
      var diplomatic = reading === "diplomatic";
      button.setAttribute("aria-pressed", diplomatic ? "true" : "false");
      button.textContent = diplomatic ? button.getAttribute("data-label-corrected")
                                      : button.getAttribute("data-label-diplomatic");
    }
  }

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function remember(reading) {
    try { window.localStorage.setItem(KEY, reading); } catch (e) { /* private mode: not kept */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("ed:reading-toggle");
    var saved = remembered();
    if (saved === "corrected" || saved === "diplomatic") { apply(saved, button); }
    if (!button) { return; }
    button.parentNode.hidden = false;
    apply(root.getAttribute("data-reading") || "corrected", button);
    button.addEventListener("click", function () {
      var next = root.getAttribute("data-reading") === "diplomatic" ? "corrected" : "diplomatic";
      apply(next, button);
      remember(next);
    });
  });
}());
