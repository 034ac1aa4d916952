// Staff menu on phones: the "Menu" button in the top bar shows and hides the navigation and
// account links (the stylesheet folds them away only once this script marks the bar ready, so
// without it they stay open). Escape closes the menu and puts the focus back on the button.
(function () {
  "use strict";
  function setOpen(bar, button, open) {
    bar.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".nav-toggle");
    if (!button) return;
    var bar = button.closest(".topbar");
    bar.classList.add("menu-ready");
    button.hidden = false;
    button.addEventListener("click", function () {
      setOpen(bar, button, button.getAttribute("aria-expanded") !== "true");
    });
    bar.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && bar.classList.contains("menu-open")) {
        setOpen(bar, button, false);
        button.focus();
      }
    });
  });
})();
