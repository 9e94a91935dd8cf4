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

// The home page's list of documents (xslt/site/site.xsl): sort by title or date, filter by type.
// Without this script the table is complete, in date order.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("ed:documents");
    if (!table) { return; }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var filter = document.getElementById("ed:document-type");
    if (filter) {
      filter.parentNode.hidden = false;
      filter.addEventListener("change", function () {
        rows.forEach(function (row) {
          row.hidden = filter.value !== "" && row.getAttribute("data-type") !== filter.value;
        });
      });
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      var by = cell.getAttribute("data-sort");
      if (!by) { return; }
      var key = by === "date" ? "data-date" : "data-title";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = cell.textContent;
      cell.textContent = "";
      cell.appendChild(button);
      cell.setAttribute("aria-sort", by === "date" ? "ascending" : "none");
      button.addEventListener("click", function () {
        var descending = cell.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          if (other.hasAttribute("aria-sort")) { other.setAttribute("aria-sort", "none"); }
        });
        cell.setAttribute("aria-sort", descending ? "descending" : "ascending");
        rows.sort(function (a, b) {
          // Undated documents go last either way.
          var x = a.getAttribute(key) || "\uffff", y = b.getAttribute(key) || "\uffff";
          var order = x < y ? -1 : x > y ? 1 : 0;
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
}());
