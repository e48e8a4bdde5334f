// The try-it console without page reloads: each form is sent with fetch and the panel the
// server returns replaces the old one (the same HTML the no-JavaScript page shows), so the
// form keeps its state. Ctrl+Enter sends; the status is announced by the panel's live region.
// Changing the body format swaps in that format's example while the body is untouched.
(function () {
  "use strict";

  function panelOf(element) { return element.closest("[data-console]"); }

  function exampleFor(panel, code) {
    var template = panel.querySelector('template[data-console-example="' + code + '"]');
    return template ? template.content.textContent : null;
  }

  function send(form, submitter) {
    var panel = panelOf(form);
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    panel.classList.add("console-busy");
    var live = panel.querySelector(".console-live");
    if (live) { live.textContent = "Sending…"; }
    fetch(form.getAttribute("action"), {method: "POST", body: data, headers: {"X-Console-Fragment": "1"}, credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("[data-console]");
        if (!fresh) { throw new Error("the server answered without a console panel"); }
        var focusedId = document.activeElement && panel.contains(document.activeElement) ? document.activeElement.id : "";
        panel.replaceWith(fresh);
        enhance(fresh);
        var result = fresh.querySelector(".console-result");
        var target = (focusedId && document.getElementById(focusedId)) || result;
        if (target) { target.focus({preventScroll: !!focusedId}); }
        if (result && !focusedId) { result.scrollIntoView({block: "nearest"}); }
      })
      .catch(function (error) {
        panel.classList.remove("console-busy");
        if (live) { live.textContent = "The console could not be reached: " + error.message; }
      });
  }

  function enhance(panel) {
    var form = panel.querySelector(".console-form");
    if (!form || form.dataset.enhanced) { return; }
    form.dataset.enhanced = "1";
    var body = panel.querySelector("[data-console-body]");
    var contentType = panel.querySelector("[data-console-ct]");
    if (contentType && body) {
      contentType.dataset.previous = contentType.value;
      contentType.addEventListener("change", function () {
        var previous = exampleFor(panel, contentType.dataset.previous);
        var next = exampleFor(panel, contentType.value);
        if (next !== null && (body.value.trim() === "" || (previous !== null && body.value.trim() === previous.trim()))) {
          body.value = next;
        }
        contentType.dataset.previous = contentType.value;
      });
    }
    panel.querySelectorAll(".console-copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var code = document.getElementById(button.dataset.copy);
        navigator.clipboard.writeText(code.textContent).then(function () {
          var live = panel.querySelector(".console-live");
          if (live) { live.textContent = "Copied."; }
        });
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var owner = submitter && submitter.form ? submitter.form : form;
    if (!owner.classList || !owner.classList.contains("console-form")) { return; }
    event.preventDefault();
    send(owner, submitter);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) { return; }
    var panel = event.target.closest && event.target.closest("[data-console]");
    if (!panel) { return; }
    event.preventDefault();
    var form = panel.querySelector(".console-form");
    form.requestSubmit(form.querySelector(".console-send"));
  });

  document.querySelectorAll("[data-console]").forEach(enhance);
}());
