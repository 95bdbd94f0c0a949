/* The family finder's enhancements. The page works without this file: a GET form, links for
 * pages and filters. Here, in place: suggestions for the search words and the place
 * (ARIA combobox), "use my location" (geolocation only on click), filters that update the
 * list without a reload (the server renders the same template parts, /angebote/ergebnisse/),
 * the URL kept in sync with history.pushState, and the map (Leaflet served by the site;
 * markers and clusters from /api/v1/offers/map; its background is the site's offline basemap,
 * or the configured tiles: offers_directory/static/offers_directory/js/basemap.js). Tiles from
 * another host load only after
 * the visitor's click; that consent lives in the URL (map=1), never in browser storage. */
(function () {
  "use strict";

  var root = document.querySelector("[data-finder]");
  if (!root || !window.fetch || !window.URLSearchParams || !window.history.pushState) return;

  var form = document.getElementById("finder-form");
  var facetsBox = document.getElementById("finder-facets");
  var resultsBox = document.getElementById("finder-results");
  var live = document.getElementById("finder-live");
  var text = JSON.parse(document.getElementById("finder-text").textContent);
  var finderUrl = root.dataset.finderUrl;
  var resultsUrl = root.dataset.resultsUrl;
  var request = 0;
  var mapView = null;

  root.classList.add("js-finder");
  // On a phone the list comes first; the filters open with one tap on their heading.
  var filters = document.getElementById("finder-filters");
  if (filters && window.matchMedia("(max-width: 55.99rem)").matches) filters.open = false;

  var SINGLE = ["q", "near", "radius_km", "lat", "lon", "bbox", "age_months", "pregnant", "sort", "page", "map"];

  function cleanParams(params) {
    var clean = new URLSearchParams();
    params.forEach(function (value, key) {
      if (String(value).trim() === "") return;
      if (SINGLE.indexOf(key) >= 0) clean.set(key, value); else clean.append(key, value);
    });
    return clean;
  }

  function formParams() {
    var params = cleanParams(new URLSearchParams(new FormData(form)));
    params.delete("page");
    return params;
  }

  function currentParams() {
    return new URLSearchParams(window.location.search);
  }

  function say(message) {
    live.textContent = "";
    // A changed text node is what screen readers announce; set it after a tick.
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  function syncInputs(params) {
    document.getElementById("finder-q").value = params.get("q") || "";
    document.getElementById("finder-near").value = params.has("lat") ? "" : params.get("near") || "";
    var radius = document.getElementById("finder-radius");
    radius.value = params.get("radius_km") || radius.querySelector("[selected]").value;
  }

  /* Fetch the server-rendered parts for `params` and put them in place. */
  function go(params, options) {
    options = options || {};
    params = cleanParams(params);
    var query = params.toString();
    var mine = ++request;
    var active = document.activeElement;
    var focusKey = active && active.name ? [active.name, active.value, active.type] : null;
    root.setAttribute("aria-busy", "true");
    return fetch(resultsUrl + (query ? "?" + query : ""), { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        if (mine !== request) return;
        var template = document.createElement("template");
        template.innerHTML = html;
        facetsBox.innerHTML = template.content.querySelector('[data-part="facets"]').innerHTML;
        resultsBox.innerHTML = template.content.querySelector('[data-part="results"]').innerHTML;
        var url = finderUrl + (query ? "?" + query : "");
        if (options.push !== false) window.history.pushState({ finder: true }, "", url);
        shownQuery = window.location.search;
        if (options.sync) syncInputs(params);
        if (focusKey && focusKey[2] === "checkbox") {
          var again = form.querySelector('input[name="' + CSS.escape(focusKey[0]) + '"][value="' + CSS.escape(focusKey[1]) + '"]');
          if (again) again.focus();
        } else if (focusKey && focusKey[0] === "sort") {
          var sort = document.getElementById("finder-sort");
          if (sort) sort.focus();
        } else if (options.focusResults) {
          document.getElementById("finder-results-heading").focus();
        }
        var activeFilters = resultsBox.querySelectorAll("[data-remove-filter]").length;
        root.querySelector("[data-filter-count]").textContent = activeFilters ? "(" + activeFilters + ")" : "";
        var heading = document.getElementById("finder-results-heading");
        say(heading ? heading.textContent.trim() : "");
        if (mapView) mapView.update(options.keepView);
      })
      .catch(function () {
        if (mine === request) say(text.failed);
      })
      .finally(function () {
        if (mine === request) root.removeAttribute("aria-busy");
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    hideLists();
    go(formParams(), { focusResults: event.submitter && event.submitter.classList.contains("finder__submit") });
  });

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.type === "checkbox" || target.id === "finder-sort" || target.id === "finder-radius") {
      go(formParams());
    }
  });

  // Pages, removable filters and the "try instead" suggestions stay on the finder.
  root.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    if (link.getAttribute("href").charAt(0) === "#") return;
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== finderUrl || link.hasAttribute("download")) return;
    if (url.searchParams.get("print") === "1") return;
    event.preventDefault();
    go(url.searchParams, { sync: true, focusResults: true });
  });

  var shownQuery = window.location.search;
  window.addEventListener("popstate", function () {
    // A jump to an anchor (the map's skip link) changes no search.
    if (window.location.search === shownQuery) return;
    go(currentParams(), { push: false, sync: true });
  });

  // A place typed by hand replaces coordinates and a map area chosen before.
  document.getElementById("finder-near").addEventListener("input", function () {
    form.querySelectorAll('input[type="hidden"][name="lat"], input[type="hidden"][name="lon"], input[type="hidden"][name="bbox"]').forEach(function (input) {
      input.remove();
    });
  });

  /* --- suggestions: ARIA 1.2 combobox with a listbox popup ------------------------------ */
  var lists = [];

  function hideLists() {
    lists.forEach(function (close) { close(); });
  }

  function combobox(input, fetchItems, onPick) {
    var listbox = document.createElement("ul");
    var items = [];
    var current = -1;
    var timer = null;
    listbox.id = input.id + "-list";
    listbox.className = "combobox__list";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", input.labels[0].textContent);
    listbox.hidden = true;
    input.parentNode.appendChild(listbox);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      current = -1;
    }
    lists.push(close);

    function mark(index) {
      current = index;
      Array.prototype.forEach.call(listbox.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", listbox.children[index].id);
        listbox.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function pick(index) {
      var item = items[index];
      close();
      if (item) onPick(item);
    }

    function show(found) {
      items = found;
      listbox.innerHTML = "";
      found.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + i;
        option.className = "combobox__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.label;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { pick(i); });
        listbox.appendChild(option);
      });
      if (found.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        current = -1;
      } else {
        close();
      }
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var value = input.value.trim();
      if (value.length < 2) { close(); return; }
      timer = window.setTimeout(function () {
        fetchItems(value).then(function (found) {
          if (input.value.trim() === value && document.activeElement === input) show(found);
        }).catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden && items.length;
      if (event.key === "ArrowDown" && open) {
        event.preventDefault();
        mark((current + 1) % items.length);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        mark(current <= 0 ? items.length - 1 : current - 1);
      } else if (event.key === "Enter" && open && current >= 0) {
        event.preventDefault();
        pick(current);
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  }

  var qInput = document.getElementById("finder-q");
  var nearInput = document.getElementById("finder-near");
  // Suggestions prefer what is near: titles near the place already entered, places near the
  // region the search is limited to.
  function nearParams(names) {
    var current = formParams();
    var near = new URLSearchParams();
    names.forEach(function (name) {
      if (current.get(name)) near.set(name, current.get(name));
    });
    return near.toString() ? "&" + near.toString() : "";
  }

  combobox(qInput, function (value) {
    return getJson(text.offersSuggestUrl + "?q=" + encodeURIComponent(value) + nearParams(["near", "lat", "lon"])).then(function (data) {
      return data.results.map(function (item) { return { label: item.title }; });
    });
  }, function (item) {
    qInput.value = item.label;
    go(formParams());
  });
  combobox(nearInput, function (value) {
    return getJson(text.placesSuggestUrl + "?limit=8&q=" + encodeURIComponent(value) + nearParams(["region"])).then(function (data) {
      return data.results.map(function (item) { return { label: item.label }; });
    });
  }, function (item) {
    nearInput.value = item.label;
    nearInput.dispatchEvent(new Event("input"));
    hideLists();
    var params = formParams();
    params.delete("lat");
    params.delete("lon");
    params.delete("bbox");
    go(params);
  });

  /* --- "Use my location": asks the browser only when the visitor clicks ------------------ */
  var locate = root.querySelector("[data-locate]");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      say(text.locating);
      navigator.geolocation.getCurrentPosition(function (position) {
        var params = formParams();
        params.delete("near");
        params.delete("bbox");
        params.set("lat", position.coords.latitude.toFixed(5));
        params.set("lon", position.coords.longitude.toFixed(5));
        if (!params.get("q")) params.set("sort", "distance");
        nearInput.value = "";
        go(params, { focusResults: true });
      }, function () {
        say(text.locateFailed);
      }, { timeout: 15000, maximumAge: 300000 });
    });
  }

  /* --- the map ---------------------------------------------------------------------------- */
  var section = document.getElementById("finder-map-section");
  if (section && window.L && window.NfhBasemap) {
    section.hidden = false;
    var consentBox = section.querySelector("[data-map-consent-box]");
    if (section.dataset.needsConsent === "1" && currentParams().get("map") !== "1") {
      section.querySelector("[data-map-consent]").addEventListener("click", function () {
        var params = currentParams();
        params.set("map", "1");
        // The consent travels with the URL (and so with every link the server renders).
        window.history.replaceState({ finder: true }, "", finderUrl + "?" + params.toString());
        shownQuery = window.location.search;
        consentBox.hidden = true;
        mapView = startMap(section);
        document.getElementById("finder-map").focus();
        go(params, { push: false, keepView: true });
      });
    } else {
      if (consentBox) consentBox.hidden = true;
      mapView = startMap(section);
    }
  }

  function escapeHtml(value) {
    var div = document.createElement("div");
    div.textContent = value == null ? "" : String(value);
    return div.innerHTML;
  }

  function startMap(section) {
    var canvas = document.getElementById("finder-map");
    var areaButton = section.querySelector("[data-search-area]");
    canvas.hidden = false;
    var map = L.map(canvas, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({ zoomInTitle: text.zoomIn, zoomOutTitle: text.zoomOut }).addTo(map);
    map.attributionControl.setPrefix(false);
    window.NfhBasemap.background(map, section.dataset, { maxZoom: 18 });
    var markers = L.layerGroup().addTo(map);
    var areaLayer = L.layerGroup().addTo(map);
    var byId = {};
    var programmatic = 0;
    var lastKey = null;
    var loadTimer = null;
    var mapRequest = 0;

    function data() {
      var node = document.getElementById("finder-map-data");
      return node ? JSON.parse(node.textContent) : null;
    }

    function placeKey(params) {
      return ["near", "lat", "lon", "radius_km", "bbox"].map(function (name) { return params.get(name) || ""; }).join("|");
    }

    function move(fn) {
      programmatic += 1;
      userAction = false;
      fn();
      window.setTimeout(function () { programmatic = Math.max(0, programmatic - 1); }, 400);
    }

    function fit(info) {
      areaLayer.clearLayers();
      if (info && info.bbox) {
        move(function () { map.fitBounds([[info.bbox[1], info.bbox[0]], [info.bbox[3], info.bbox[2]]]); });
      } else if (info && info.location) {
        var center = L.latLng(info.location.latitude, info.location.longitude);
        L.circle(center, { radius: info.location.radius_km * 1000, color: "#00527a", weight: 2, fillOpacity: 0.05, interactive: false }).addTo(areaLayer);
        move(function () { map.fitBounds(center.toBounds(info.location.radius_km * 2000)); });
      } else if (info && info.points && info.points.length) {
        move(function () {
          map.fitBounds(L.latLngBounds(info.points.map(function (p) { return [p.lat, p.lon]; })).pad(0.15), { maxZoom: Math.min(13, window.NfhBasemap.placeZoom(section.dataset) + 1) });
        });
      } else {
        move(function () { map.setView([51.16, 10.45], 6); });
      }
    }

    // The result the visitor points at; markers drawn anew (the map reloads its points after
    // every move and search) show it highlighted too.
    var highlighted = null;

    function highlight(id, on) {
      highlighted = on ? String(id) : highlighted === String(id) ? null : highlighted;
      (byId[id] || []).forEach(function (marker) {
        var element = marker.getElement();
        if (element) element.classList.toggle("is-highlighted", on);
        if (on) marker.setZIndexOffset(1000); else marker.setZIndexOffset(0);
      });
      var item = document.getElementById("offer-" + id);
      if (item) item.classList.toggle("is-highlighted", on);
    }

    function detailUrl(url) {
      var back = window.location.pathname + window.location.search;
      return url + (url.indexOf("?") < 0 ? "?" : "&") + "back=" + encodeURIComponent(back);
    }

    function draw(response) {
      markers.clearLayers();
      byId = {};
      (response.clusters || []).forEach(function (cluster) {
        var size = cluster.count < 10 ? 34 : cluster.count < 100 ? 42 : 50;
        var icon = L.divIcon({ className: "finder-cluster", html: String(cluster.count), iconSize: [size, size] });
        var label = text.cluster.replace("%s", cluster.count);
        var marker = L.marker([cluster.latitude, cluster.longitude], { icon: icon, title: label, alt: label, keyboard: true });
        marker.on("click", function () {
          map.setView(marker.getLatLng(), Math.min(map.getZoom() + 2, 18));
        });
        markers.addLayer(marker);
      });
      (response.points || []).forEach(function (point) {
        var icon = L.divIcon({ className: "finder-marker", iconSize: [22, 22] });
        var marker = L.marker([point.latitude, point.longitude], { icon: icon, title: point.title, alt: point.title, keyboard: true, riseOnHover: true });
        var popup = "<strong>" + escapeHtml(point.title) + "</strong>";
        if (point.address) popup += "<br>" + escapeHtml(point.address);
        if (point.url) popup += '<br><a href="' + escapeHtml(detailUrl(point.url)) + '">' + escapeHtml(text.details) + "</a>";
        marker.bindPopup(popup);
        marker.on("mouseover focus", function () { highlight(point.id, true); });
        marker.on("mouseout blur", function () { highlight(point.id, false); });
        (byId[point.id] = byId[point.id] || []).push(marker);
        markers.addLayer(marker);
      });
      if (highlighted !== null) highlight(highlighted, true);
    }

    function load() {
      var info = data();
      if (!info) { markers.clearLayers(); return; }
      var params = currentParams();
      ["page", "sort", "map", "page_size", "print"].forEach(function (name) { params.delete(name); });
      var bounds = map.getBounds();
      var west = Math.max(-180, bounds.getWest()), east = Math.min(180, bounds.getEast());
      var south = Math.max(-90, bounds.getSouth()), north = Math.min(90, bounds.getNorth());
      if (!params.has("bbox") && west < east && south < north) {
        params.set("bbox", [west, south, east, north].map(function (n) { return n.toFixed(5); }).join(","));
      }
      params.set("zoom", String(map.getZoom()));
      // Marker titles in the page's language where editors translated the offer.
      params.set("lang", document.documentElement.lang || "de");
      var mine = ++mapRequest;
      getJson(section.dataset.mapApi + "?" + params.toString()).then(function (response) {
        if (mine === mapRequest) draw(response);
      }).catch(function () { /* the list stays the accessible answer */ });
    }

    // Only the visitor's own panning or zooming offers "search in this map area"; fitting the
    // map to new results or a resized window does not.
    var userAction = false;
    ["pointerdown", "keydown", "wheel"].forEach(function (type) {
      canvas.addEventListener(type, function () { userAction = true; }, { passive: true });
    });
    map.on("moveend", function () {
      window.clearTimeout(loadTimer);
      loadTimer = window.setTimeout(load, 150);
      if (userAction && !programmatic) areaButton.hidden = false;
      userAction = false;
    });

    areaButton.addEventListener("click", function () {
      var bounds = map.getBounds();
      var params = formParams();
      ["near", "lat", "lon", "radius_km"].forEach(function (name) { params.delete(name); });
      params.set("bbox", [
        Math.max(-180, bounds.getWest()), Math.max(-90, bounds.getSouth()),
        Math.min(180, bounds.getEast()), Math.min(90, bounds.getNorth())
      ].map(function (n) { return n.toFixed(5); }).join(","));
      nearInput.value = "";
      areaButton.hidden = true;
      go(params, { keepView: true, focusResults: true });
    });

    // List → map: hovering or focusing a result highlights its marker.
    resultsBox.addEventListener("mouseover", function (event) { toggleFromList(event, true); });
    resultsBox.addEventListener("mouseout", function (event) { toggleFromList(event, false); });
    resultsBox.addEventListener("focusin", function (event) { toggleFromList(event, true); });
    resultsBox.addEventListener("focusout", function (event) { toggleFromList(event, false); });
    function toggleFromList(event, on) {
      var item = event.target.closest(".offer-result");
      if (item) highlight(item.dataset.offerId, on);
    }

    function update(keepView) {
      var params = currentParams();
      var key = placeKey(params);
      if (!keepView && key !== lastKey) fit(data());
      else if (keepView && !params.has("bbox")) areaLayer.clearLayers();
      lastKey = key;
      if (keepView) areaLayer.clearLayers();
      load();
    }

    lastKey = placeKey(currentParams());
    fit(data());
    load();
    return { update: update };
  }
})();
