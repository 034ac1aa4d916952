// Interactive body chart: tap, click or press Enter/Space on a region to cycle its pain
// intensity (mild, moderate, severe, none). The marks are kept in the form's hidden input
// `marks` ("temple:L=2,occiput=1"), which fires `change` so htmx can refresh the ranking.
(function () {
  "use strict";
  var LEVELS = ["", "mild", "moderate", "severe"];

  function parse(value) {
    var marks = {};
    (value || "").split(",").forEach(function (entry) {
      entry = entry.trim();
      if (!entry) return;
      var parts = entry.split("=");
      marks[parts[0]] = Math.max(1, Math.min(3, Math.round(parseFloat(parts[1] || "1")) || 1));
    });
    return marks;
  }

  function serialise(marks) {
    return Object.keys(marks).sort().map(function (key) {
      return marks[key] > 1 ? key + "=" + marks[key] : key;
    }).join(",");
  }

  function paint(chart, marks) {
    chart.querySelectorAll("path.region").forEach(function (path) {
      var key = path.dataset.key, level = marks[key] || 0;
      path.classList.remove("mark-1", "mark-2", "mark-3");
      if (level) path.classList.add("mark-" + level);
      path.setAttribute("aria-pressed", level ? "true" : "false");
      path.setAttribute("aria-label", path.dataset.label + (level ? ", " + LEVELS[level] + " pain" : ""));
    });
  }

  function setup(chart) {
    var form = chart.closest("form");
    var input = form && form.querySelector("input[name=marks]");
    var label = chart.querySelector("[data-chart-label]");
    if (!input) return;
    var marks = parse(input.value);
    paint(chart, marks);

    function toggle(path) {
      var key = path.dataset.key;
      var level = ((marks[key] || 0) + 1) % 4;
      if (level) marks[key] = level; else delete marks[key];
      input.value = serialise(marks);
      paint(chart, marks);
      show(path);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(path) {
      var level = marks[path.dataset.key] || 0;
      if (label) label.textContent = path.dataset.label + (level ? " — " + LEVELS[level] : "");
    }

    chart.addEventListener("click", function (event) {
      var path = event.target.closest("path.region");
      if (path) toggle(path);
    });
    chart.addEventListener("keydown", function (event) {
      var path = event.target.closest("path.region");
      if (path && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        toggle(path);
      }
    });
    ["mouseover", "focusin"].forEach(function (name) {
      chart.addEventListener(name, function (event) {
        var path = event.target.closest("path.region");
        if (path) show(path);
      });
    });
    var clear = form.querySelector("[data-clear-marks]");
    if (clear) clear.addEventListener("click", function () {
      marks = {};
      input.value = "";
      paint(chart, marks);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function init() {
    document.querySelectorAll("[data-body-chart].interactive").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
