/* Pin maps for geocoded addresses in the Wagtail admin (offer locations, event venues,
 * referral partners). Each map belongs to a latitude input; the longitude and "pin set by
 * hand" inputs are found by the same form prefix. Maps are created lazily, also for inline
 * forms added after page load. The background is the site's offline basemap or the
 * configured tiles (../js/basemap.js). */
(function () {
  "use strict";

  function sibling(latInput, field) {
    return document.getElementById(latInput.id.replace(/latitude$/, field));
  }

  function parse(input) {
    if (!input || input.value.trim() === "") return null;
    var value = parseFloat(input.value.replace(",", "."));
    return isNaN(value) ? null : value;
  }

  function setup(container) {
    if (container.dataset.ready === "1" || typeof L === "undefined" || !window.NfhBasemap) return;
    var latInput = document.getElementById(container.dataset.latitudeInput);
    if (!latInput || latInput.id.indexOf("__prefix__") !== -1) return;
    var lonInput = sibling(latInput, "longitude");
    var manualInput = sibling(latInput, "manual_pin");
    var config = JSON.parse(container.dataset.config || "{}");
    var canvas = container.querySelector(".offers-location-map__canvas");
    container.dataset.ready = "1";

    var lat = parse(latInput);
    var lon = parse(lonInput);
    var hasPoint = lat !== null && lon !== null;
    var center = hasPoint ? [lat, lon] : config.defaultCenter;
    var map = L.map(canvas);
    map.attributionControl.setPrefix(false);
    window.NfhBasemap.background(map, config);
    map.setView(center, hasPoint ? window.NfhBasemap.placeZoom(config) + 1 : 6);
    var marker = L.marker(center, { icon: window.NfhBasemap.pinIcon(), draggable: true, keyboard: true });
    if (hasPoint) marker.addTo(map);

    function place(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      if (lonInput) lonInput.value = latlng.lng.toFixed(6);
      if (manualInput) manualInput.checked = true;
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
    }

    marker.on("dragend", function () { place(marker.getLatLng()); });
    map.on("click", function (event) {
      marker.setLatLng(event.latlng);
      if (!map.hasLayer(marker)) marker.addTo(map);
      place(event.latlng);
    });

    function fromInputs() {
      var la = parse(latInput);
      var lo = parse(lonInput);
      if (la === null || lo === null) return;
      marker.setLatLng([la, lo]);
      if (!map.hasLayer(marker)) marker.addTo(map);
      map.panTo([la, lo]);
    }
    [latInput, lonInput].forEach(function (input) {
      if (!input) return;
      input.addEventListener("input", function () {
        if (manualInput) manualInput.checked = true;
        fromInputs();
      });
    });
    // Inline panels may be collapsed when the map is built; fix the size once visible.
    if (window.ResizeObserver) {
      new ResizeObserver(function () { map.invalidateSize(); }).observe(canvas);
    }
  }

  function scan() {
    document.querySelectorAll("[data-offers-location-map]").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", function () {
    scan();
    new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  });
})();
