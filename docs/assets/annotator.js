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

  // Narrowing the highlights to one topic or verdict. A piece of text inside several claims stays
  // highlighted if any of them matches, and then links to the innermost claim that matches.
  function claimsOnPage() {
    var claims = {};
    document.querySelectorAll(".claim-start").forEach(function (start) {
      claims[start.getAttribute("data-claim")] = {
        verdict: start.getAttribute("data-verdict"),
        topics: (start.getAttribute("data-topics") || "").split(" ")
      };
    });
    return claims;
  }

  function applyFilter(form, claims) {
    var topic = form.elements.topic.value;
    var verdict = form.elements.verdict.value;
    var shown = {};
    document.querySelectorAll(".essay a.hl").forEach(function (link) {
      var ids = (link.getAttribute("data-claims") || "").split(" ").filter(function (id) {
        var claim = claims[id];
        return claim && (!topic || claim.topics.indexOf(topic) !== -1) && (!verdict || claim.verdict === verdict);
      });
      var on = ids.length > 0;
      link.classList.toggle("is-dimmed", !on);
      if (!on) {
        link.setAttribute("tabindex", "-1");
        link.setAttribute("aria-hidden", "true");
        return;
      }
      link.removeAttribute("tabindex");
      link.removeAttribute("aria-hidden");
      var inner = ids[ids.length - 1];
      shown[inner] = true;
      ids.forEach(function (id) { shown[id] = true; });
      link.setAttribute("href", link.getAttribute("href").replace(/claims\/[^/]+\/$/, "claims/" + inner + "/"));
      link.setAttribute("aria-describedby", "tip-" + inner);
      link.setAttribute("data-claim", inner);
      link.className = link.className.replace(/verdict-[a-z-]+/, "verdict-" + claims[inner].verdict);
    });
    var count = Object.keys(shown).length;
    form.querySelector("output").textContent = count + (count === 1 ? " claim" : " claims") + " highlighted";
  }

  function init() {
    var form = document.querySelector(".essay-filter");
    if (form) {
      var claims = claimsOnPage();
      form.hidden = false;
      form.addEventListener("change", function () { applyFilter(form, claims); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      applyFilter(form, claims);
    }
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
