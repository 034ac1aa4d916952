// Treatment note: pick the muscle to document by clicking the body chart. A click on a region
// loads the muscles lying there (htmx); a click on one of them fills the "Add a muscle" form.
// A refused entry (400 or 422: the re-rendered form with the server's message, 409: someone
// else saved first) is swapped in like a success, so the message shows beside the form;
// htmx would otherwise drop every 4xx answer and the page would seem to ignore the click.
(function () {
  "use strict";
  var SHOWN_REFUSALS = [400, 409, 422];
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (SHOWN_REFUSALS.indexOf(event.detail.xhr.status) === -1) return;
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (SHOWN_REFUSALS.indexOf(event.detail.xhr.status) === -1) return;
    // Keyboard and screen-reader users land on the first field to correct.
    var invalid = event.detail.target.querySelector(
      ".has-error input:not([type=hidden]), .has-error select, .has-error textarea");
    if (invalid) invalid.focus();
  });
  document.addEventListener("keydown", function (event) {
    var region = event.target.closest(".pick-chart path.region");
    if (region && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      region.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    }
  });
  document.addEventListener("click", function (event) {
    var region = event.target.closest(".pick-chart path.region");
    if (region && window.htmx) {
      var chart = region.closest(".pick-chart");
      window.htmx.ajax("GET", chart.dataset.picksUrl + "?region=" + encodeURIComponent(region.dataset.key),
                       { target: "#muscle-picks" });
      return;
    }
    var pick = event.target.closest("[data-pick-muscle]");
    if (!pick) return;
    var form = document.querySelector("form.entry-form[data-needling-form]");
    if (!form) return;
    var muscle = form.querySelector("input[name=muscle]");
    muscle.value = pick.dataset.pickMuscle;
    if (pick.dataset.pickSide) {
      var side = form.querySelector("input[name=side][value=" + pick.dataset.pickSide + "]");
      if (side) side.checked = true;
    }
    muscle.dispatchEvent(new Event("change", { bubbles: true }));
    muscle.focus();
  });
})();
