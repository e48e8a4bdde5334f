// The developer checklist ticks as soon as a step is done: when a console on the same page
// shows a result in place (console.js), the checklist is fetched again from the server,
// which alone decides what is done. Without JavaScript a reload does the same.
(function () {
  "use strict";
  var main = document.querySelector("main");
  if (!main || !document.querySelector("[data-checklist]")) { return; }

  function refresh() {
    var checklist = document.querySelector("[data-checklist]");
    fetch(checklist.dataset.checklist, {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var holder = document.createElement("template");
        holder.innerHTML = html;
        var fresh = holder.content.querySelector("[data-checklist]");
        if (fresh) { checklist.replaceWith(fresh); }
      });
  }

  new MutationObserver(function (records) {
    var answered = records.some(function (record) {
      return Array.prototype.some.call(record.addedNodes, function (node) {
        return node.nodeType === 1 && (node.matches(".console-result") || node.querySelector(".console-result"));
      });
    });
    if (answered) { refresh(); }
  }).observe(main, {childList: true, subtree: true});
}());
