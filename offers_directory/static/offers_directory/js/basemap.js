/* The offline basemap: land and water, borders of states and counties, rivers, lakes and
 * place names, drawn by Leaflet from files the site serves itself (built by
 * `manage.py build_basemap`, see the README next to them). Only the files of the shown area and
 * zoom band are fetched, and only once a map exists. Every map script calls
 * NfhBasemap.background(map, settings): tiles from MAP_TILE_URL when the page names them,
 * this basemap otherwise. The settings are a map element's dataset, rendered by the server
 * from offers_directory.maps.tile_context (data-tile-url, data-basemap-index, …), or the same
 * keys in the admin widget's JSON. */
(function () {
  "use strict";

  if (!window.L) return;

  var cache = {};

  function getJson(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
    }
    return cache[url];
  }

  function decode(flat, q) {
    var points = [], x = 0, y = 0;
    for (var i = 0; i + 1 < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      points.push([y * q, x * q]);
    }
    return points;
  }

  // Fewer names the farther out: the smallest population labelled at each zoom.
  function minPopulation(zoom) {
    if (zoom <= 5) return 500000;
    return [250000, 100000, 40000, 10000, 5000, 1500][zoom - 6] || 0;
  }

  var Basemap = L.Layer.extend({
    initialize: function (options) {
      L.setOptions(this, options);
      this._base = options.index.slice(0, options.index.lastIndexOf("/") + 1);
      this._regions = {};
      (options.regions || []).forEach(function (key) { this._regions[key] = true; }, this);
      this._cells = {}; // "band/key" → {group, data}
      this._wanted = {};
    },

    onAdd: function (map) {
      ["nfhBasemapFill", "nfhBasemapLines", "nfhBasemapLabels"].forEach(function (name, i) {
        if (!map.getPane(name)) {
          var pane = map.createPane(name);
          pane.style.zIndex = String([150, 160, 390][i]);
          pane.style.pointerEvents = "none";
          // Place names are German proper nouns; the map is a picture next to the list that
          // says the same, so screen readers skip it.
          pane.setAttribute("aria-hidden", "true");
          pane.setAttribute("lang", "de");
          pane.setAttribute("dir", "ltr");
        }
      });
      this._fillRenderer = L.svg({ pane: "nfhBasemapFill", padding: 0.3 });
      this._lineRenderer = L.svg({ pane: "nfhBasemapLines", padding: 0.3 });
      this._labels = L.DomUtil.create("div", "nfh-basemap__labels leaflet-zoom-hide", map.getPane("nfhBasemapLabels"));
      map.getContainer().classList.add("nfh-basemap");
      var self = this;
      getJson(this.options.index).then(function (index) {
        self._index = index;
        map.getContainer().style.backgroundColor = index.style.water;
        if (self._map) self._update();
      }).catch(function () { /* no basemap: the markers still show */ });
      map.on("moveend", this._update, this);
    },

    onRemove: function (map) {
      map.off("moveend", this._update, this);
      Object.keys(this._cells).forEach(function (id) { this._cells[id].group.remove(); }, this);
      this._cells = {};
      L.DomUtil.remove(this._labels);
      map.getContainer().classList.remove("nfh-basemap");
    },

    _band: function (zoom) {
      var bands = this._index.bands;
      for (var i = 0; i < bands.length; i++) {
        if (zoom >= bands[i].minZoom && zoom <= bands[i].maxZoom) return bands[i];
      }
      return bands[bands.length - 1];
    },

    _cellIds: function (band, bounds) {
      if (band.cell === null) return band.cells.map(function (key) { return band.name + "/" + key; });
      var extent = this._index.extent, size = band.cell, ids = [];
      var x0 = Math.floor((bounds.getWest() - extent[0]) / size);
      var x1 = Math.floor((bounds.getEast() - extent[0]) / size);
      var y0 = Math.floor((bounds.getSouth() - extent[1]) / size);
      var y1 = Math.floor((bounds.getNorth() - extent[1]) / size);
      for (var i = Math.max(0, x0); i <= x1; i++) {
        for (var j = Math.max(0, y0); j <= y1; j++) {
          var key = String(extent[0] + i * size) + "_" + String(extent[1] + j * size);
          if (band.cells.indexOf(key) >= 0) ids.push(band.name + "/" + key);
        }
      }
      return ids;
    },

    _update: function () {
      if (!this._index || !this._map || !this._map._loaded) return;
      var map = this._map, self = this;
      var band = this._band(map.getZoom());
      var ids = this._cellIds(band, map.getBounds().pad(0.25));
      var wanted = {};
      ids.forEach(function (id) { wanted[id] = true; });
      this._wanted = wanted;
      Promise.all(ids.map(function (id) {
        if (self._cells[id]) return null;
        return getJson(self._base + id + ".json").then(function (data) {
          if (self._map && self._wanted[id] && !self._cells[id]) self._draw(id, data, band.quantum);
        });
      })).then(function () {
        // The other band's cells go once the new ones are drawn, so zooming never blanks.
        Object.keys(self._cells).forEach(function (id) {
          if (!self._wanted[id]) { self._cells[id].group.remove(); delete self._cells[id]; }
        });
        self._label();
      }).catch(function () { self._label(); });
    },

    _draw: function (id, data, q) {
      var style = this._index.style, fill = this._fillRenderer, line = this._lineRenderer;
      var group = L.layerGroup();
      function area(rings, color) {
        if (!rings.length) return;
        L.polygon(rings, { renderer: fill, stroke: false, fillColor: color, fillOpacity: 1, interactive: false }).addTo(group);
      }
      function lines(items, color, weight, dash) {
        if (!items.length) return;
        L.polyline(items, { renderer: line, color: color, weight: weight, opacity: 1, dashArray: dash || null, interactive: false, lineJoin: "round" }).addTo(group);
      }
      var decodeAll = function (list) { return list.map(function (flat) { return [decode(flat, q)]; }); };
      area(decodeAll(data.land), style.abroad);
      area(data.germany.map(function (polygon) { return polygon.map(function (flat) { return decode(flat, q); }); }), style.germany);
      area(decodeAll(data.lakes), style.water);
      var byKind = [[], [], [], []], region = [];
      data.bounds.forEach(function (bound) {
        var points = decode(bound[2], q);
        byKind[bound[0]].push(points);
        if (bound[1].split(",").some(function (key) { return this._regions[key]; }, this)) region.push(points);
      }, this);
      lines(byKind[3], style.coast, 1);
      lines(data.rivers.map(function (flat) { return decode(flat, q); }), style.river, 1.5);
      lines(byKind[0], style.county, 1);
      lines(byKind[1], style.state, 2);
      lines(data.borders.map(function (flat) { return decode(flat, q); }), style.national, 2.5);
      lines(byKind[2], style.national, 2.5);
      lines(region, style.region, 3.5, "8 4");
      group.addTo(this._map);
      this._cells[id] = { group: group, data: data, quantum: q };
    },

    /* Names of places, most populous first, each only where it overlaps no other. Plain
     * elements in their own pane (not markers: they are no map features to interact with),
     * hidden while Leaflet animates a zoom and placed anew when it ends. */
    _label: function () {
      var map = this._map;
      if (!map) return;
      var box = this._labels;
      box.textContent = "";
      var minimum = minPopulation(map.getZoom());
      var bounds = map.getBounds(), size = map.getSize();
      var candidates = [];
      Object.keys(this._cells).forEach(function (id) {
        if (!this._wanted[id]) return;
        var cell = this._cells[id];
        cell.data.places.forEach(function (place) {
          if (place[3] < minimum) return;
          var latlng = L.latLng(place[2] * cell.quantum, place[1] * cell.quantum);
          if (bounds.contains(latlng)) candidates.push({ name: place[0], latlng: latlng, population: place[3] });
        });
      }, this);
      candidates.sort(function (a, b) { return b.population - a.population; });
      var taken = [], shown = 0;
      for (var i = 0; i < candidates.length && shown < 60; i++) {
        var c = candidates[i], point = map.latLngToContainerPoint(c.latlng);
        var area = [point.x - 4, point.y - 9, point.x + 10 + c.name.length * 7, point.y + 9];
        if (area[2] > size.x || area[1] < 0 || area[3] > size.y) continue;
        var free = taken.every(function (t) { return area[2] < t[0] || area[0] > t[2] || area[3] < t[1] || area[1] > t[3]; });
        if (!free) continue;
        taken.push(area);
        shown += 1;
        var label = L.DomUtil.create("span", "nfh-basemap__label" + (c.population >= 100000 ? " nfh-basemap__label--city" : ""), box);
        label.textContent = c.name;
        L.DomUtil.setPosition(label, map.latLngToLayerPoint(c.latlng).subtract([3, 8]));
      }
    }
  });

  window.NfhBasemap = {
    /* The map's background: the configured tiles, or the offline basemap. Returns the layer. */
    background: function (map, data, tileOptions) {
      if (data.tileUrl) {
        return L.tileLayer(data.tileUrl, L.extend({ attribution: data.attribution || "", maxZoom: 19 }, tileOptions || {})).addTo(map);
      }
      map.setMaxZoom(14);
      if (map.attributionControl && data.basemapAttribution) map.attributionControl.addAttribution(data.basemapAttribution);
      if (!data.basemapIndex) return null;
      return new Basemap({
        index: data.basemapIndex,
        regions: (data.basemapRegions || "").split(",").filter(Boolean)
      }).addTo(map);
    },
    /* The closest zoom a map should open at around one place: the basemap shows the
     * surroundings (towns, rivers, county borders) a few zoom levels out, tiles show streets. */
    placeZoom: function (data) {
      return data.tileUrl ? 14 : 11;
    },
    /* A marker pin with the site's colour and a white ring: readable on every basemap colour. */
    pinIcon: function () {
      return L.divIcon({ className: "nfh-map-pin", iconSize: [22, 22] });
    }
  };
})();
