// The try-it console without page reloads. Each form is sent with fetch; the server answers
// with the result alone (the form stays exactly as the visitor left it) or, when the form
// has problems, the whole panel with the messages next to the fields — the same HTML the
// page shows without JavaScript. Ctrl+Enter sends; the live region announces the status.
// Changing the body format swaps in that format's example while the body is untouched.
(function () {
  "use strict";

  function exampleFor(panel, code) {
    var template = panel.querySelector('template[data-console-example="' + code + '"]');
    return template ? template.content.textContent : null;
  }

  function announce(panel, text) {
    var live = panel.querySelector(".console-live");
    if (live) { live.textContent = text; }
  }

  function enhanceCopyButtons(root) {
    root.querySelectorAll(".console-copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var code = document.getElementById(button.dataset.copy);
        navigator.clipboard.writeText(code.textContent).then(function () {
          announce(button.closest("[data-console]"), "Copied.");
        });
      });
    });
  }

  // The reply's live text goes into the live region already on the page: screen readers
  // announce a change there, not a region that arrives with its text.
  function showOutput(panel, fresh) {
    var live = panel.querySelector(".console-live");
    var text = fresh.querySelector(".console-live").textContent;
    fresh.querySelector(".console-live").replaceWith(live);
    panel.querySelector(".console-output").replaceWith(fresh);
    live.textContent = text;
    enhanceCopyButtons(fresh);
  }

  function send(form, submitter) {
    var panel = form.closest("[data-console]");
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var focusedId = panel.contains(document.activeElement) ? document.activeElement.id : "";
    panel.classList.add("console-busy");
    announce(panel, "Sending…");
    // getAttribute: the form's `action` property is shadowed by its input named "action".
    fetch(form.getAttribute("action"), {method: "POST", body: data, credentials: "same-origin",
                                        headers: {"X-Console-Fragment": "1"}})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var holder = document.createElement("template");
        holder.innerHTML = html;
        var freshPanel = holder.content.querySelector("[data-console]");
        var freshOutput = holder.content.querySelector(".console-output");
        if (freshPanel) {
          panel.replaceWith(freshPanel);
          panel = freshPanel;
          enhance(panel);
        } else if (freshOutput) {
          showOutput(panel, freshOutput);
        } else {
          throw new Error("the server answered without a result");
        }
        panel.classList.remove("console-busy");
        var target = (focusedId && document.getElementById(focusedId)) || panel.querySelector(".console-result") ||
          panel.querySelector("[aria-invalid=true]");
        if (target) { target.focus({preventScroll: target.id === focusedId}); }
      })
      .catch(function (error) {
        panel.classList.remove("console-busy");
        announce(panel, "The console could not be reached: " + error.message);
      });
  }

  function enhance(panel) {
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
    enhanceCopyButtons(panel);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("console-form")) { return; }
    event.preventDefault();
    send(form, event.submitter);
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
