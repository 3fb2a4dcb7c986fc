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

  // The reader's view: how the essay shows (plain, highlighted, notes in the margin) and the filter. It
  // lives in the URL (?mode=…&topic=…&verdict=…), so a link or a reload keeps it, and in localStorage,
  // so it follows the reader from part to part.
  var KEY = "annotator-view";
  var MODES = ["plain", "highlights", "margin"];

  function readView() {
    var params = new URLSearchParams(location.search);
    var stored = {};
    try { stored = JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { stored = {}; }
    var fromUrl = params.has("mode") || params.has("topic") || params.has("verdict");
    var source = fromUrl ? { mode: params.get("mode"), topic: params.get("topic"), verdict: params.get("verdict") }
      : stored;
    return {
      mode: MODES.indexOf(source.mode) !== -1 ? source.mode : "highlights",
      topic: source.topic || "",
      verdict: source.verdict || ""
    };
  }

  function writeView(view) {
    var params = new URLSearchParams(location.search);
    ["mode", "topic", "verdict"].forEach(function (key) {
      if (view[key] && !(key === "mode" && view[key] === "highlights")) params.set(key, view[key]);
      else params.delete(key);
    });
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    try { localStorage.setItem(KEY, JSON.stringify(view)); } catch (e) { /* private mode: URL only */ }
  }

  function setSelect(select, value) {
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    select.value = known ? value : "";
  }

  function applyMode(mode) {
    document.documentElement.setAttribute("data-essay-mode", mode);
    if (mode === "margin") placeNotes(); else removeNotes();
  }

  // Notes in the margin: one per claim, level with the line where its words start, never overlapping.
  function removeNotes() {
    document.querySelectorAll(".claim-notes").forEach(function (el) { el.remove(); });
  }

  function placeNotes() {
    removeNotes();
    var article = document.querySelector(".essay");
    if (!article || !window.matchMedia("(min-width: 76.25em)").matches) return;
    var column = document.createElement("aside");
    column.className = "claim-notes";
    column.setAttribute("aria-label", "Notes on the claims");
    article.appendChild(column);
    var top = article.getBoundingClientRect().top;
    var bottom = 0;
    document.querySelectorAll(".essay .claim-start").forEach(function (start) {
      var tip = document.getElementById("tip-" + start.getAttribute("data-claim"));
      var link = document.querySelector('.essay a.hl[data-claim="' + start.getAttribute("data-claim") + '"]');
      if (!tip || !link || link.classList.contains("is-dimmed")) return;
      var note = document.createElement("a");
      note.className = "claim-note verdict-" + start.getAttribute("data-verdict");
      note.href = link.getAttribute("href");
      Array.prototype.forEach.call(tip.childNodes, function (n) { note.appendChild(n.cloneNode(true)); });
      column.appendChild(note);
      var y = Math.max(start.getBoundingClientRect().top - top, bottom);
      note.style.top = y + "px";
      bottom = y + note.offsetHeight + 6;
    });
  }

  // A tap on a highlight (no hover to preview it) opens a preview instead of leaving the page.
  var lastPointer = "mouse";
  var dialog = null;
  var opener = null;

  function preview(link) {
    var tip = tipFor(link);
    if (!tip) return false;
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "claim-dialog";
      dialog.setAttribute("aria-label", "Preview of the claim");
      dialog.innerHTML = '<p id="claim-dialog-title" class="claim-dialog-verdict"></p>' +
        '<p class="claim-dialog-summary"></p><p class="claim-dialog-actions"><a>' +
        "Read the claim's page</a> <button type=\"button\" class=\"md-button\">Close</button></p>";
      dialog.querySelector("button").addEventListener("click", function () { dialog.close(); });
      dialog.addEventListener("close", function () { if (opener) opener.focus(); });
      dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
      document.body.appendChild(dialog);
    }
    var strong = tip.querySelector("strong");
    var verdict = dialog.querySelector(".claim-dialog-verdict");
    verdict.className = "claim-dialog-verdict verdict-" + (tip.getAttribute("data-verdict") || "");
    verdict.textContent = strong ? strong.textContent : "";
    dialog.querySelector(".claim-dialog-summary").textContent =
      tip.textContent.slice(strong ? strong.textContent.length : 0).trim();
    dialog.querySelector("a").setAttribute("href", link.getAttribute("href"));
    opener = link;
    dialog.showModal();
    dialog.querySelector("a").focus();
    return true;
  }

  function init() {
    var form = document.querySelector(".essay-filter");
    if (form) {
      var claims = claimsOnPage();
      var view = readView();
      form.hidden = false;
      setSelect(form.elements.topic, view.topic);
      setSelect(form.elements.verdict, view.verdict);
      Array.prototype.forEach.call(form.elements.mode, function (radio) { radio.checked = radio.value === view.mode; });
      var update = function () {
        var next = { mode: form.elements.mode.value || "highlights", topic: form.elements.topic.value,
                     verdict: form.elements.verdict.value };
        applyFilter(form, claims);
        applyMode(next.mode);
        writeView(next);
      };
      form.addEventListener("change", update);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      window.addEventListener("resize", function () { if (form.elements.mode.value === "margin") placeNotes(); });
      update();
    }
    document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType || "mouse"; }, true);
    document.querySelectorAll(".essay a.hl").forEach(function (link) {
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("mouseleave", hide);
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", hide);
      link.addEventListener("click", function (event) {
        if (lastPointer === "touch" || window.matchMedia("(hover: none)").matches) {
          if (preview(link)) { event.preventDefault(); hide(); }
        }
      });
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
    window.addEventListener("hashchange", markTarget);
    markTarget();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
