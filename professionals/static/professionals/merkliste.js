/* The Merkliste: offers a visitor collects, kept in this browser's localStorage only.
 * Privacy: nothing is written before the visitor clicks "Add to my list" (an explicit
 * action); merely browsing stores nothing. The server never learns the list except when
 * the visitor opens the handout, whose URL carries the offer ids. */
(function () {
  "use strict";
  var KEY = "nfh-merkliste";
  var script = document.currentScript;
  var LABEL = (script && script.dataset.labelAdd) || "Merken";

  function read() {
    try {
      var raw = window.localStorage.getItem(KEY);
      var items = raw ? JSON.parse(raw) : [];
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function write(items) {
    try {
      if (items.length) {
        window.localStorage.setItem(KEY, JSON.stringify(items));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) { /* storage disabled: the list lives for this page only */ }
    render();
  }

  function has(items, id) {
    return items.some(function (item) { return String(item.id) === String(id); });
  }

  function ids(items) {
    return items.map(function (item) { return item.id; }).join(",");
  }

  /* Search results (the finder's `.offer-result[data-offer-id]`) get a button each, also
   * when the finder replaces its results without a page load. */
  function enhance() {
    var added = 0;
    document.querySelectorAll(".offer-result[data-offer-id]").forEach(function (result) {
      if (result.querySelector("[data-merkliste-add]")) return;
      added += 1;
      // The title's link, not the heading around it (a selector list would match the h3 first).
      var link = result.querySelector("h3 a") || result.querySelector("h3");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--small merken no-print";
      button.setAttribute("data-merkliste-add", "");
      button.dataset.offerId = result.dataset.offerId;
      button.dataset.offerTitle = link ? link.textContent.trim() : "";
      button.dataset.offerUrl = link && link.getAttribute("href") ? offerUrl(link.getAttribute("href")) : "";
      button.textContent = LABEL;
      result.appendChild(button);
    });
    return added;
  }

  /* The offer's own address: the finder's links carry ?back=… for their "back to the search"
   * link, which means nothing on a saved list. */
  function offerUrl(href) {
    try {
      var url = new URL(href, window.location.href);
      url.searchParams.delete("back");
      return url.pathname + url.search + url.hash;
    } catch (e) {
      return href;
    }
  }

  function render() {
    var items = read();
    document.querySelectorAll("[data-merkliste-count]").forEach(function (el) {
      el.textContent = String(items.length);
    });
    document.querySelectorAll("[data-merkliste-add]").forEach(function (button) {
      button.hidden = false;
      var saved = has(items, button.dataset.offerId);
      button.setAttribute("aria-pressed", saved ? "true" : "false");
      if (!button.dataset.labelAdd) button.dataset.labelAdd = button.textContent;
      button.textContent = saved ? "✓ " + button.dataset.labelAdd : button.dataset.labelAdd;
    });
    var page = document.querySelector("[data-merkliste-page]");
    if (!page) return;
    var list = page.querySelector("[data-merkliste-items]");
    var removeLabel = (document.getElementById("merkliste-remove-label") || {}).innerHTML || "Remove";
    list.innerHTML = "";
    var lang = page.querySelector("[data-merkliste-lang]");
    var printView = page.querySelector("[data-merkliste-print]").href.split("?")[0];
    items.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      // Entries saved before their address was known open as a one-offer handout.
      link.href = item.url || printView + "?ids=" + encodeURIComponent(item.id) + "&lang=" + encodeURIComponent(lang.value);
      link.textContent = item.title || ("#" + item.id);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button--link";
      remove.textContent = removeLabel;
      remove.setAttribute("aria-label", removeLabel + ": " + (item.title || item.id));
      remove.addEventListener("click", function () {
        write(read().filter(function (other) { return String(other.id) !== String(item.id); }));
      });
      li.appendChild(link);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(remove);
      list.appendChild(li);
    });
    page.querySelector("[data-merkliste-empty]").hidden = items.length > 0;
    page.querySelector("[data-merkliste-actions]").hidden = items.length === 0;
    var query = "?ids=" + encodeURIComponent(ids(items)) + "&lang=" + encodeURIComponent(lang.value);
    var print = page.querySelector("[data-merkliste-print]");
    var pdf = page.querySelector("[data-merkliste-pdf]");
    print.href = print.href.split("?")[0] + query;
    pdf.href = pdf.href.split("?")[0] + query;
  }

  function init() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-merkliste-add]");
      if (button) {
        var items = read();
        var id = button.dataset.offerId;
        if (has(items, id)) {
          items = items.filter(function (item) { return String(item.id) !== String(id); });
        } else {
          items.push({ id: Number(id), title: button.dataset.offerTitle || "", url: button.dataset.offerUrl || "" });
        }
        write(items);
        return;
      }
      if (event.target.closest("[data-merkliste-clear]")) write([]);
    });
    var lang = document.querySelector("[data-merkliste-lang]");
    if (lang) {
      var docLang = document.documentElement.lang;
      if (lang.querySelector('option[value="' + docLang + '"]')) lang.value = docLang;
      lang.addEventListener("change", render);
    }
    enhance();
    if (window.MutationObserver) {
      new MutationObserver(function () {
        if (enhance() > 0) render();
      }).observe(document.body, { childList: true, subtree: true });
    }
    render();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
