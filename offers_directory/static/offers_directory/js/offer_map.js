/* The offer page's map (also the partner pages'): markers for the locations and the service
 * areas, drawn with the site's own copy of Leaflet on the offline basemap (js/basemap.js) or
 * the configured tiles; when those come from another host, nothing is loaded before the
 * visitor clicks "Show map". */
(function () {
  "use strict";

  function esc(text) {
    var div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  function draw(canvas, data) {
    var map = L.map(canvas, { scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    window.NfhBasemap.background(map, canvas.dataset);
    var bounds = L.latLngBounds([]);
    (data.areas || []).forEach(function (area) {
      if (!area.geometry) return;
      var layer = L.geoJSON(area.geometry, { style: { color: "#00527a", weight: 2, fillOpacity: 0.08 } });
      layer.bindTooltip(esc(area.name));
      layer.addTo(map);
      bounds.extend(layer.getBounds());
    });
    (data.locations || []).forEach(function (location) {
      var marker = L.marker([location.lat, location.lon], { icon: window.NfhBasemap.pinIcon(), title: location.name, alt: location.name, keyboard: true });
      marker.bindPopup(esc(location.name) + (location.address ? "<br>" + esc(location.address) : ""));
      marker.addTo(map);
      bounds.extend([location.lat, location.lon]);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.2), { maxZoom: window.NfhBasemap.placeZoom(canvas.dataset) });
    } else {
      map.setView([51.1657, 10.4515], 6);
    }
  }

  function init() {
    var canvas = document.getElementById("offer-map");
    var source = document.getElementById("offer-map-data");
    if (!canvas || !source || typeof L === "undefined" || !window.NfhBasemap) return;
    var data = JSON.parse(source.textContent);
    if (canvas.dataset.needsConsent === "1") {
      var button = document.querySelector("[data-offer-map-load]");
      if (!button) return;
      button.addEventListener("click", function () {
        canvas.hidden = false;
        button.parentElement.hidden = true;
        draw(canvas, data);
      });
      return;
    }
    draw(canvas, data);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
