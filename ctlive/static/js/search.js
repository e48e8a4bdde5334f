// Search results as you type: asks the server for the results list of what is typed and
// shows it under the box. The forms submit normally without this script.
// Keys: "/" focuses the search box, arrows move through the results, Escape closes them.
"use strict";
(function () {
  var DELAY_MS = 150;

  function links(container) {
    return Array.prototype.slice.call(container.querySelectorAll("a"));
  }

  function enhance(input, container) {
    var timer = null, controller = null, lastQuery = null;

    function show(html) {
      container.innerHTML = html;  // same-origin HTML rendered and escaped by the server
      container.classList.toggle("open", html.trim() !== "");
    }

    function update() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (controller) controller.abort();
      if (!query) { show(""); return; }
      controller = new AbortController();
      fetch(input.dataset.resultsUrl + "?q=" + encodeURIComponent(query), {signal: controller.signal})
        .then(function (response) { return response.text(); })
        .then(show)
        .catch(function (error) { if (error.name !== "AbortError") show(""); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var found = links(container);
      if (event.key === "ArrowDown" && found.length) { event.preventDefault(); found[0].focus(); }
      if (event.key === "Escape") { show(""); lastQuery = null; }
    });
    container.addEventListener("keydown", function (event) {
      var found = links(container), index = found.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && index < found.length - 1) { event.preventDefault(); found[index + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (index > 0 ? found[index - 1] : input).focus(); }
      if (event.key === "Escape") { show(""); lastQuery = null; input.focus(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var header = document.getElementById("site-search-input");
    var page = document.getElementById("search-page-input");
    if (header) enhance(header, document.getElementById("site-search-suggestions"));
    if (page) enhance(page, document.getElementById("search-page-results"));
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
      if (event.key === "/" && !typing && header) { event.preventDefault(); (page || header).focus(); }
    });
  });
})();
