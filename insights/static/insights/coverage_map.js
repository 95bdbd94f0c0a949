/* The coverage dashboard's map: each municipality of the region as a circle at its centre,
 * red when a main category has no offer within reach, green otherwise, sized by the offers
 * located there; drawn on the site's own basemap (../offers_directory/js/basemap.js). The
 * tables next to it carry the same numbers. */
(function () {
  "use strict";

  function setup() {
    var element = document.getElementById("insights-map");
    var source = document.getElementById("insights-map-data");
    if (!element || !source || typeof L === "undefined" || !window.NfhBasemap) return;
    var config = JSON.parse(element.dataset.config || "{}");
    var data = JSON.parse(source.textContent);
    var map = L.map(element);
    map.attributionControl.setPrefix(false);
    window.NfhBasemap.background(map, config);
    var bounds = [];
    data.places.forEach(function (place) {
      var gap = place.gaps.length > 0;
      var marker = L.circleMarker([place.lat, place.lon], {
        radius: 6 + Math.min(14, Math.sqrt(place.offers) * 3),
        color: gap ? "#8e1b10" : "#1e6b30",
        fillColor: gap ? "#c0392b" : "#2e8b45",
        fillOpacity: 0.7,
        weight: 2
      }).addTo(map);
      var box = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = place.name;
      box.appendChild(title);
      var offers = document.createElement("div");
      offers.textContent = element.dataset.offersLabel + " " + place.offers;
      box.appendChild(offers);
      if (gap) {
        var gaps = document.createElement("div");
        gaps.textContent = element.dataset.gapsLabel + " " + place.gaps.join(", ");
        box.appendChild(gaps);
      }
      marker.bindPopup(box);
      marker.bindTooltip(place.name);
      bounds.push([place.lat, place.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24] });
    else map.setView([51.1657, 10.4515], 6);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
