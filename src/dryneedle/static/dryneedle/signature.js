// Signature pad: draws with pointer events (finger, stylus or mouse) on the canvas and keeps
// the strokes as SVG path data ("M x y L x y ...") in the form's hidden `signature` input, in
// the canvas's own 600x180 coordinates, so the stored signature can be shown again as SVG.
(function () {
  "use strict";
  function setup(canvas) {
    var form = canvas.closest("form");
    var input = form.querySelector("input[name=signature]");
    var context = canvas.getContext("2d");
    var path = [], drawing = false;
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#1c2b33";

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return [
        Math.round((event.clientX - box.left) * canvas.width / box.width * 10) / 10,
        Math.round((event.clientY - box.top) * canvas.height / box.height * 10) / 10
      ];
    }
    function start(event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      var p = point(event);
      path.push("M" + p[0] + " " + p[1]);
      context.beginPath();
      context.moveTo(p[0], p[1]);
    }
    function move(event) {
      if (!drawing) return;
      event.preventDefault();
      var p = point(event);
      path.push("L" + p[0] + " " + p[1]);
      context.lineTo(p[0], p[1]);
      context.stroke();
    }
    function end() {
      if (!drawing) return;
      drawing = false;
      input.value = path.join(" ");
    }
    canvas.addEventListener("pointerdown", start);
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    var clear = form.querySelector("[data-signature-clear]");
    if (clear) clear.addEventListener("click", function () {
      path = [];
      input.value = "";
      context.clearRect(0, 0, canvas.width, canvas.height);
    });
  }
  function init() { document.querySelectorAll("canvas[data-signature-pad]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
