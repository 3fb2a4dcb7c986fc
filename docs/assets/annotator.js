// Essay annotator: tooltips on hover and focus, and marking the span an "in context" link targets.
(function () {
  "use strict";

  var tooltip = null;

  function tipFor(link) {
    var id = link.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  function show(link) {
    var tip = tipFor(link);
    if (!tip) return;
    if (!tooltip) {
      tooltip = document.createElement("div");
      tooltip.className = "claim-tooltip";
      tooltip.setAttribute("aria-hidden", "true");  // screen readers get the text via aria-describedby
      document.body.appendChild(tooltip);
    }
    tooltip.replaceChildren.apply(tooltip, Array.prototype.map.call(tip.childNodes, function (n) {
      return n.cloneNode(true);
    }));
    tooltip.className = "claim-tooltip verdict-" + (tip.getAttribute("data-verdict") || "");
    tooltip.hidden = false;
    var box = link.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - tooltip.offsetWidth - 8));
    tooltip.style.left = left + "px";
    tooltip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function hide() {
    if (tooltip) tooltip.hidden = true;
  }

  function markTarget() {
    document.querySelectorAll(".hl.is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf("c-") !== 0) return;
    var id = hash.slice(2);
    var first = null;
    document.querySelectorAll(".hl").forEach(function (el) {
      if ((el.getAttribute("data-claims") || "").split(" ").indexOf(id) !== -1) {
        el.classList.add("is-target");
        if (!first) first = el;
      }
    });
    if (first) first.focus({ preventScroll: true });
  }

  function init() {
    document.querySelectorAll(".essay a.hl").forEach(function (link) {
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("mouseleave", hide);
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", hide);
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
    window.addEventListener("hashchange", markTarget);
    markTarget();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
