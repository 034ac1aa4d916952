// Treatment note: pick the muscle to document by clicking the body chart. A click on a region
// loads the muscles lying there (htmx); a click on one of them fills the "Add a muscle" form.
(function () {
  "use strict";
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
