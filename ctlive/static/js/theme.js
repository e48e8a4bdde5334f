// Applies the theme as soon as a radio button changes and saves it in the background.
// Without this script the same form works with its "Apply theme" button.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector(".theme-form");
  if (!form) return;
  form.classList.add("enhanced");
  form.addEventListener("change", function (event) {
    var theme = event.target.value;
    if (theme === "system") document.documentElement.removeAttribute("data-theme");
    else document.documentElement.setAttribute("data-theme", theme);
    fetch(form.action, {method: "POST", body: new FormData(form), headers: {"X-Theme-Request": "1"},
                        credentials: "same-origin"});
  });
});
