// Reference pages: the sidebar marks the operation being read (aria-current="location"),
// and keeps it in view. Without JavaScript the sidebar marks the page only.
(function () {
  "use strict";
  var links = {};
  document.querySelectorAll(".sidebar a[data-operation]").forEach(function (link) {
    if (link.pathname === location.pathname) { links[link.dataset.operation] = link; }
  });
  var sections = document.querySelectorAll("section.operation");
  if (!sections.length || !window.IntersectionObserver) { return; }
  var current = null;
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var link = links[entry.target.id];
      if (!entry.isIntersecting || !link || link === current) { return; }
      if (current) { current.removeAttribute("aria-current"); }
      current = link;
      link.setAttribute("aria-current", "location");
      var menu = link.closest(".nav-menu");
      if (menu && menu.scrollHeight > menu.clientHeight) { link.scrollIntoView({block: "nearest"}); }
    });
  }, {rootMargin: "0px 0px -70% 0px"});
  sections.forEach(function (section) { observer.observe(section); });
}());
