// The try-it console without page reloads. Each form is sent with fetch; the server answers
// with the result alone (the form stays exactly as the visitor left it) or, when the form
// has problems, the whole panel with the messages next to the fields — the same HTML the
// page shows without JavaScript. Ctrl+Enter sends; the live region announces the status.
// Changing the body format swaps in that format's example while the body is untouched.
// Paging buttons put their page into the form and send it; the Code section loads its
// snippets when opened; the find box marks matches in the body (CSS highlights, no DOM change).
(function () {
  "use strict";
  var LANGUAGE_KEY = "ctlive-snippet-language";

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
          var label = button.textContent;
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }

  // The server's answer parsed a slice at a time in a document of its own (its parser
  // takes the text as a stream), so a large preview never holds the page for long.
  var SLICE = 32768;
  function parseInSlices(html, done) {
    var doc = document.implementation.createHTMLDocument("");
    var at = 0;
    doc.open();
    (function step() {
      doc.write(html.slice(at, at + SLICE));
      at += SLICE;
      if (at < html.length) { setTimeout(step, 0); return; }
      doc.close();
      done(doc);
    }());
  }

  function adopted(doc, selector) {
    var found = doc.querySelector(selector);
    return found && document.adoptNode(found);
  }

  function send(form, submitter) {
    var panel = form.closest("[data-console]");
    var op = form.querySelector("input[name=op]").value;
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var focusedId = panel.contains(document.activeElement) ? document.activeElement.id : "";
    panel.classList.add("console-busy");
    announce(panel, "Sending…");
    // getAttribute: the form's `action` property is shadowed by its input named "action".
    fetch(form.getAttribute("action"), {method: "POST", body: data, credentials: "same-origin",
                                        headers: {"X-Console-Fragment": "1"}})
      .then(function (response) { return response.text(); })
      .then(function (html) { return new Promise(function (resolve) { parseInSlices(html, resolve); }); })
      .then(function (doc) {
        var freshPanel = adopted(doc, "[data-console]");
        var freshOutput = freshPanel ? null : adopted(doc, ".console-output");
        var target;
        if (freshPanel) {
          var live = panel.querySelector(".console-live");
          var text = freshPanel.querySelector(".console-live").textContent;
          freshPanel.querySelector(".console-live").replaceWith(live);  // announced where it already was
          panel.replaceWith(freshPanel);
          panel = freshPanel;
          enhance(panel);
          live.textContent = text;
          target = panel.querySelector(".console-problems") || panel.querySelector("[aria-invalid=true]");
        } else if (freshOutput) {
          document.getElementById(op + "-output").replaceWith(freshOutput);
          enhanceOutput(freshOutput);
          var status = freshOutput.querySelector(".console-status-line");
          announce(panel, status ? status.textContent.trim() : "Done.");
          target = freshOutput.querySelector(".console-result h4");
        } else {
          throw new Error("the server answered without a result");
        }
        panel.classList.remove("console-busy");
        var kept = focusedId && document.getElementById(focusedId);
        if (kept) { kept.focus({preventScroll: true}); } else if (target) { target.focus(); }
      })
      .catch(function (error) {
        panel.classList.remove("console-busy");
        announce(panel, "The console could not be reached: " + error.message);
      });
  }

  // A paging button: its Link query goes into the form's fields (page, last_id, …), so
  // that the next Send asks for the same page, then the form is sent.
  function followPage(button) {
    var form = document.getElementById(button.getAttribute("form"));
    var query = new URLSearchParams(button.value);
    form.querySelectorAll("[name^='q.']").forEach(function (field) {
      var value = query.get(field.name.slice(2)) || "";
      if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
        return;
      }
      field.value = value;
    });
    send(form, form.querySelector(".console-send"));  // not requestSubmit: this runs inside a submit event
  }

  function loadSnippets(details) {
    if (details.dataset.loaded) { return; }
    details.dataset.loaded = "1";
    fetch(details.dataset.snippetsUrl, {credentials: "same-origin", headers: {"X-Console-Fragment": "1"}})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(new Error(response.statusText)); })
      .then(function (html) {
        var body = details.querySelector(".console-snippets-body");
        body.innerHTML = html;
        var chosen = body.querySelector('.snippet-tab[value="' + localStorage.getItem(LANGUAGE_KEY) + '"]');
        if (chosen) { chosen.checked = true; }
        body.addEventListener("change", function (event) {
          if (event.target.classList.contains("snippet-tab")) { localStorage.setItem(LANGUAGE_KEY, event.target.value); }
        });
        enhanceCopyButtons(body);
      })
      .catch(function () { delete details.dataset.loaded; });
  }

  // Find in the body: every match marked, the current one scrolled to (its folded nodes
  // opened); Enter goes to the next, Shift+Enter to the previous.
  function enhanceFind(output) {
    var box = output.querySelector("[data-console-find]");
    var code = output.querySelector("[data-console-body-code]");
    if (!box || !code || !window.CSS || !CSS.highlights) { return; }
    box.hidden = false;
    var input = box.querySelector("input");
    var count = box.querySelector(".console-find-count");
    var ranges = [], current = -1, timer = 0;

    function search() {
      var needle = input.value.toLowerCase();
      ranges = [];
      current = -1;
      if (needle.length > 0) {
        var walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        for (var node = walker.nextNode(); node && ranges.length < 5000; node = walker.nextNode()) {
          var text = node.data.toLowerCase();
          for (var at = text.indexOf(needle); at >= 0 && ranges.length < 5000; at = text.indexOf(needle, at + needle.length)) {
            var range = new Range();
            range.setStart(node, at);
            range.setEnd(node, at + needle.length);
            ranges.push(range);
          }
        }
      }
      CSS.highlights.set("console-find", new Highlight(...ranges));
      move(1);
    }

    function move(step) {
      if (!ranges.length) {
        CSS.highlights.delete("console-find-current");
        count.textContent = input.value ? "No match" : "";
        return;
      }
      current = (current + step + ranges.length) % ranges.length;
      var range = ranges[current];
      for (var fold = range.startContainer.parentElement.closest("details"); fold; fold = fold.parentElement.closest("details")) {
        fold.open = true;
      }
      CSS.highlights.set("console-find-current", new Highlight(range));
      range.startContainer.parentElement.scrollIntoView({block: "nearest"});
      count.textContent = (current + 1) + " of " + ranges.length + (ranges.length === 5000 ? "+" : "");
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 150); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); move(event.shiftKey ? -1 : 1); }
    });
  }

  function enhanceOutput(output) {
    enhanceCopyButtons(output);
    enhanceFind(output);
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
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("console-form")) { return; }
    event.preventDefault();
    if (event.submitter && event.submitter.name === "follow") { followPage(event.submitter); return; }
    send(form, event.submitter);
  });

  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches(".console-snippets") && event.target.open) {
      loadSnippets(event.target);
    }
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) { return; }
    var panel = event.target.closest && event.target.closest("[data-console]");
    if (!panel) { return; }
    event.preventDefault();
    var form = panel.querySelector(".console-form");
    form.requestSubmit(form.querySelector(".console-send"));
  });

  document.querySelectorAll("[data-console]").forEach(enhance);
  document.querySelectorAll("[data-console-output]").forEach(enhanceOutput);
  document.querySelectorAll("main > article > [data-snippets]").forEach(enhanceCopyButtons);
}());
