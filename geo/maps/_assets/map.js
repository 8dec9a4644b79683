/* geo web map runtime: layers from compact JSON, the reference basemap and its names,
 * popups, legend, fullscreen, minimap (search is in analyst.js).  Written for this project (no third-party code).  Every string that comes
 * from the data is put into the page with textContent, never innerHTML. */
(function () {
  "use strict";
  var GEO = (window.GEO = window.GEO || {});
  window.GEO_LAYERS = window.GEO_LAYERS || {};
  GEO.groups = {};
  /* Every interactive feature, in drawing order: {layer title, payload p, index i,
   * Leaflet layer (or canvas), group}; analyst.js filters, searches and picks over it. */
  GEO.feats = [];

  function el(tag, cls, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(tag, cls, value, parent) {
    var e = el(tag, cls, parent);
    e.textContent = value === null || value === undefined ? "" : String(value);
    return e;
  }
  /* A column is {v: [values]} or dictionary-encoded {d: [distinct], i: [index or -1]}. */
  function col(c, i) {
    if (!c) return null;
    if (c.d) {
      var k = c.i[i];
      return k < 0 ? null : c.d[k];
    }
    var v = c.v[i];
    return v === undefined ? null : v;
  }
  /* shared with analyst.js, which runs after this file */
  GEO.dom = { el: el, text: text, col: col };
  var SAFE_URL = /^https?:\/\//i;

  /* Popups never taller than 60 % of the map (they scroll inside), so opening one
   * (a feature with many sources) cannot pan the feature itself out of view. */
  function popupMaxHeight(map) {
    return Math.max(120, Math.round(map.getSize().y * 0.6));
  }
  function popupOptions(map) {
    var pad = GEO.clearOfControls ? GEO.clearOfControls(map) : { tl: [16, 16], br: [16, 16] };
    var room = map.getSize().x - pad.tl[0] - pad.br[0];
    return {
      maxWidth: Math.max(180, Math.min(440, room - 40)),
      minWidth: Math.min(200, Math.max(120, room - 60)),
      maxHeight: Math.max(120, Math.min(popupMaxHeight(map), map.getSize().y - pad.tl[1] - pad.br[1] - 40)),
      autoPan: true,
      autoPanPaddingTopLeft: pad.tl,
      autoPanPaddingBottomRight: pad.br,
      keepInView: false
    };
  }
  GEO.popupOptions = popupOptions;
  /* The window may have been resized since the popup was bound: fit it again. */
  function fitPopups(map) {
    if (map._geoPopupFit) return;
    map._geoPopupFit = true;
    map.on("popupopen", function (e) {
      var h = popupOptions(map).maxHeight;
      if (e.popup.options.maxHeight !== h) {
        e.popup.options.maxHeight = h;
        e.popup.update();
      }
    });
  }

  GEO.popupBox = popupBox;
  function popupBox(p, i) {
    var box = el("div", "geo-popup");
    text("h4", null, col(p.names, i) || col(p.ids, i) || "", box);
    var table = el("table", null, box);
    function row(label, value, href) {
      var tr = el("tr", null, table);
      text("th", null, label, tr);
      var td = el("td", null, tr);
      if (href && SAFE_URL.test(href)) {
        var a = text("a", null, value, td);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      } else {
        td.textContent = value;
      }
    }
    (p.cols || []).forEach(function (c) {
      var v = col(c, i);
      if (v !== null && v !== "") row(c.label, v, null);
    });
    var links = p.links ? p.links[i] : null;
    (links || []).forEach(function (l) {
      row("Source link", l[0], l[1]);
    });
    // A record with no date says so: the year filters and the time control keep it.
    if (p.facets && p.kind !== "places" && p.kind !== "polygons" && !GEO.facet(p, i).years) {
      row("Dates", "undated: no milestone date stated", null);
    }
    return box;
  }

  function diamondIcon(s) {
    var size = Math.round(2 * (s.radius || 7));
    var wrap = document.createElement("div");
    var d = el("div", "geo-diamond", wrap);
    d.style.width = size + "px";
    d.style.height = size + "px";
    d.style.background = s.fillColor || "#e7298a";
    d.style.borderColor = s.color || "#ffffff";
    if (s.dashArray) d.style.borderStyle = "dashed";
    return L.divIcon({ html: wrap, className: "geo-diamond-icon", iconSize: [size, size] });
  }

  /* Many points (case S1): one canvas drawn straight from the flat arrays, with no
   * Leaflet object per point; hit-testing on click and hover finds the point. */
  function pointCanvasClass() {
    // Defined on first use: this script runs before Leaflet's in the page head.
    if (GEO.PointCanvas) return GEO.PointCanvas;
    GEO.PointCanvas = L.Layer.extend({
    initialize: function (p) {
      this._p = p;
      var n = p.n, X = (this._X = new Float64Array(n)), Y = (this._Y = new Float64Array(n));
      var buckets = {};
      for (var i = 0; i < n; i++) {
        var lat = Math.max(Math.min(p.xy[2 * i + 1], 85.0511), -85.0511);
        var s = Math.sin((lat * Math.PI) / 180);
        X[i] = (p.xy[2 * i] + 180) / 360;
        Y[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
        var k = p.si ? p.si[i] : 0;
        (buckets[k] = buckets[k] || []).push(i);
      }
      this._buckets = buckets;
      this.vis = new Uint8Array(n).fill(1);
      // Draw big circles first so small ones stay visible on top of them.
      var order = new Uint32Array(n);
      for (var o = 0; o < n; o++) order[o] = o;
      var self = this;
      this._order = Array.prototype.slice.call(order).sort(function (a, b) {
        return self._radius(b, p.styles[p.si ? p.si[b] : 0]) - self._radius(a, p.styles[p.si ? p.si[a] : 0]);
      });
      this.drawn = 0;
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide geo-points");
      this._canvas.style.position = "absolute";
      map.getPane(this._p.pane || "overlayPane").appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this._schedule, this);
      map.on("mousemove", this._move, this);
      this._tip = L.tooltip({ sticky: true, direction: "top", offset: [0, -6] });
      // Drawn in the next frame, not now: the first view is set after the layers are
      // added, and drawing 100,000 points twice was a quarter of the opening time.
      this._schedule();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize viewreset", this._schedule, this);
      map.off("mousemove", this._move, this);
      map.closeTooltip(this._tip);
    },
    _frame: function () {
      var map = this._map, z = map.getZoom();
      var o = map.project(map.containerPointToLatLng([0, 0]), z);
      return { scale: 256 * Math.pow(2, z), ox: o.x, oy: o.y };
    },
    _radius: function (i, s) {
      var r = this._p.r ? this._p.r[i] : null;
      return r === null || r === undefined ? s.radius || 5 : r;
    },
    /* Redraw once in the next frame however many map events asked for it. */
    _schedule: function () {
      var self = this;
      if (self._raf) return;
      self._raf = L.Util.requestAnimFrame(function () {
        self._raf = null;
        if (self._map) self._reset();
      });
    },
    _sprite: function (k, s, r, dpr) {
      var key = k + ":" + r;
      var cache = (this._sprites = this._sprites || {});
      if (cache[key]) return cache[key];
      var w = s.weight === undefined ? 1 : s.weight;
      var css = Math.ceil(2 * (r + w)) + 2;
      var c = document.createElement("canvas");
      c.width = c.height = Math.ceil(css * dpr);
      var ctx = c.getContext("2d");
      ctx.scale(dpr, dpr);
      ctx.beginPath();
      ctx.arc(css / 2, css / 2, r, 0, 2 * Math.PI);
      ctx.globalAlpha = s.fillOpacity === undefined ? 0.85 : s.fillOpacity;
      ctx.fillStyle = s.fillColor || "#666";
      ctx.fill();
      ctx.globalAlpha = s.opacity === undefined ? 1 : s.opacity;
      ctx.lineWidth = w;
      ctx.strokeStyle = s.color || "#fff";
      // Dashes on a few-pixel circle read as noise: solid outlines on the canvas.
      ctx.stroke();
      c.css = css;
      c.half = css / 2;
      cache[key] = c;
      return c;
    },
    _reset: function () {
      var map = this._map, size = map.getSize(), c = this._canvas;
      var dpr = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(c, map.containerPointToLayerPoint([0, 0]));
      c.width = Math.round(size.x * dpr);
      c.height = Math.round(size.y * dpr);
      c.style.width = size.x + "px";
      c.style.height = size.y + "px";
      var ctx = c.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      var f = this._frame(), p = this._p, drawn = 0;
      // One pre-drawn sprite per style and radius, stamped with drawImage: much
      // faster to paint than one path of 100,000 arcs.
      var order = this._order;
      for (var j = 0; j < order.length; j++) {
        var i = order[j], k = p.si ? p.si[i] : 0, s = p.styles[k];
        if (!this.vis[i]) continue;
        var r = this._radius(i, s);
        var x = this._X[i] * f.scale - f.ox, y = this._Y[i] * f.scale - f.oy;
        if (x < -r || y < -r || x > size.x + r || y > size.y + r) continue;
        var sp = this._sprite(k, s, Math.round(r * 2) / 2, dpr);
        ctx.drawImage(sp, Math.round(x - sp.half), Math.round(y - sp.half), sp.css, sp.css);
        drawn++;
      }
      this.drawn = drawn;
    },
    /* Index of the topmost point under a container point, or -1; with "all", every
     * visible point under it. */
    hit: function (pt, all) {
      var f = this._frame(), p = this._p, best = -1, bestD = Infinity, found = [];
      for (var i = 0; i < p.n; i++) {
        if (!this.vis[i]) continue;
        var dx = this._X[i] * f.scale - f.ox - pt.x, dy = this._Y[i] * f.scale - f.oy - pt.y;
        var r = this._radius(i, p.styles[p.si ? p.si[i] : 0]) + 2;
        var d = dx * dx + dy * dy;
        if (d <= r * r && d <= bestD) { best = i; bestD = d; }
        if (all && d <= r * r) found.push(i);
      }
      return all ? found : best;
    },
    latlng: function (i) { return L.latLng(this._p.xy[2 * i + 1], this._p.xy[2 * i]); },
    /* Hover: at most one hit-test a frame, always at the latest mouse position
     * (a move that arrives while one is pending must not be lost, or the tooltip
     * would follow where the mouse was, not where it is). */
    _move: function (e) {
      this._at = e.containerPoint;
      if (this._pending) return;
      this._pending = true;
      var self = this;
      L.Util.requestAnimFrame(function () {
        self._pending = false;
        if (!self._map) return;
        var i = self.hit(self._at);
        self._map.getContainer().style.cursor = i >= 0 ? "pointer" : "";
        if (i >= 0) {
          var t = document.createElement("span");
          t.textContent = col(self._p.names, i) || col(self._p.ids, i) || "";
          self._tip.setContent(t).setLatLng(self.latlng(i));
          if (!self._map.hasLayer(self._tip)) self._map.openTooltip(self._tip);
        } else if (self._map.hasLayer(self._tip)) {
          self._map.closeTooltip(self._tip);
        }
      });
    }
    });
    return GEO.PointCanvas;
  }

  /* Points inside a mixed or collection geometry: circles, never Leaflet's image icon. */
  function circleFor(o) {
    return function (_f, ll) { return L.circleMarker(ll, L.extend({ radius: 5 }, o)); };
  }

  /* Build one overlay from a payload made by geo.maps.layer_payload. */
  GEO.layer = function (map, p) {
    fitPopups(map);
    if (p.canvas && p.xy) {
      var PointCanvas = pointCanvasClass();
      var pc = new PointCanvas(p);
      if (p.interactive) {
        for (var q = 0; q < p.n; q++) GEO.feats.push({ title: p.title, p: p, i: q, canvas: pc, group: pc });
      }
      GEO.groups[p.title] = pc;
      window.GEO_LAYERS[p.title] = p.n;
      return pc;
    }
    var pane = p.pane || undefined;
    // A small margin: a zoom step redraws every line within it.
    var renderer = p.canvas ? L.canvas({ padding: 0.1, pane: pane || "overlayPane" }) : undefined;
    var group = L.featureGroup();
    var n = p.n,
      i,
      layer,
      hit,
      s,
      features = 0;
    /* Areas (regions, uncertainty areas): drawn beneath, no clicks or tooltips on
     * the area itself; a small marker at the centre carries them. */
    var areas = !!(p.centres && p.interactive);
    for (i = 0; i < n; i++) {
      s = p.styles[p.si ? p.si[i] : 0];
      if (p.xy) {
        var ll = [p.xy[2 * i + 1], p.xy[2 * i]];
        if (p.r && p.r[i] !== null && s.shape !== "diamond") s = L.extend({}, s, { radius: p.r[i] });
        if (s.metres) {
          layer = L.circle(ll, L.extend({}, s, { pane: pane || "overlayPane", interactive: false }));
        } else if (s.shape === "diamond") {
          layer = L.marker(ll, { icon: diamondIcon(s), pane: pane || "markerPane", keyboard: false });
        } else {
          var opts = L.extend({}, s, { renderer: renderer });
          if (pane) opts.pane = pane;
          if (!p.interactive) opts.interactive = false;
          layer = L.circleMarker(ll, opts);
        }
      } else {
        var o = L.extend({}, s, { interactive: !!p.interactive && !areas });
        if (areas) o.pane = "geoAreas";
        else if (pane) o.pane = pane;
        if (renderer) o.renderer = renderer;
        if (!p.geoms[i]) continue;
        o.pointToLayer = circleFor(o);
        layer = L.GeoJSON.geometryToLayer(p.geoms[i], o);
      }
      layer._geoI = i;
      features++;
      if (layer.eachLayer && !layer.getElement) {
        // A GeometryCollection: add its parts, each knowing its feature.
        layer.eachLayer(function (part) { part._geoI = i; group.addLayer(part); });
      } else {
        group.addLayer(layer);
      }
      hit = layer;
      if (areas && p.centres[2 * i] !== null) {
        hit = L.circleMarker([p.centres[2 * i + 1], p.centres[2 * i]], {
          radius: 5, color: "#ffffff", weight: 1.5, fillColor: s.color || "#3f007d", fillOpacity: 0.9,
          pane: "geoAreaMarks"
        });
        hit._geoI = i;
        group.addLayer(hit);
      }
      if (p.interactive) {
        GEO.feats.push({ title: p.title, p: p, i: i, layer: layer, hit: hit, group: group, area: areas ? layer : null });
      }
    }
    if (p.interactive) {
      // A click lists every feature drawn where it landed (analyst.js, GEO.pick).
      group.on("click", function (e) {
        L.DomEvent.stopPropagation(e);
        if (GEO.pick) GEO.pick(map, e.latlng);
      });
      group.bindTooltip(
        function (l) {
          var t = document.createElement("span");
          t.textContent = col(p.names, l._geoI) || col(p.ids, l._geoI) || "";
          return t;
        },
        { sticky: true }
      );
    }
    GEO.groups[p.title] = group;
    window.GEO_LAYERS[p.title] = features;
    return group;
  };

  /* Basemap parts: integer coordinates on a grid of 1/q degrees, each part delta-encoded
   * ([x0, y0, dx1, dy1, …]); see geo/maps/_basemap.py. */
  function decodePart(a, q) {
    var out = new Array(a.length / 2), x = 0, y = 0;
    for (var i = 0; i < a.length; i += 2) {
      x += a[i];
      y += a[i + 1];
      out[i / 2] = [y / q, x / q];
    }
    return out;
  }
  function baseShape(g, q, style) {
    if (Array.isArray(g[0][0])) {
      // A (multi)polygon: polygons of rings.
      return L.polygon(g.map(function (poly) {
        return poly.map(function (ring) { return decodePart(ring, q); });
      }), style);
    }
    return L.polyline(g.map(function (part) { return decodePart(part, q); }), style);
  }
  GEO.baseRenderer = function (map) {
    if (!map._geoBaseRenderer) map._geoBaseRenderer = L.canvas({ pane: "geoBase", padding: 0.5 });
    return map._geoBaseRenderer;
  };
  /* One layer of the reference basemap: drawn on one canvas beneath everything, no clicks. */
  GEO.base = function (map, p) {
    var group = L.featureGroup(), renderer = GEO.baseRenderer(map);
    for (var i = 0; i < p.n; i++) {
      var s = p.styles[p.si ? p.si[i] : 0];
      var o = L.extend({}, s, { renderer: renderer, pane: "geoBase", interactive: false, smoothFactor: 1.5 });
      group.addLayer(baseShape(p.geoms[i], p.q, o));
    }
    GEO.groups[p.title] = group;
    window.GEO_LAYERS[p.title] = p.n;
    return group;
  };

  /* City, river and lake names.  Small zoom-threshold and collision logic written for
   * this map: each name has a first zoom; names are placed in priority order (by that
   * zoom; on a tie cities, then water, each by population or size) and a name that would
   * overlap one already placed is left out; one river's name repeats at most every
   * 300 px.  GEO.shownLabels lists what is written now. */
  GEO.labels = function (map, p) {
    // Candidates by the zoom they appear at; on a tie cities first (a town's name has one
    // place to go, a river's has one every degree of its line), then in payload order
    // (rivers and lakes by size, cities by population).
    var order = [], q;
    for (q = 0; q < p.water.at.length; q += 5) order.push([p.water.zoom[p.water.at[q]], 1, q, order.length]);
    for (q = 0; q < p.cities.zoom.length; q++) order.push([p.cities.zoom[q], 0, q, order.length]);
    order.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[3] - b[3]; });
    var Labels = L.Layer.extend({
      onAdd: function (m) {
        this._div = L.DomUtil.create("div", "geo-labels leaflet-zoom-hide");
        m.getPane("geoLabels").appendChild(this._div);
        m.on("moveend zoomend resize viewreset", this._draw, this);
        this._draw();
        // Added before the map's first view is final (fitBounds runs after the layers):
        // draw again once it is.
        L.Util.requestAnimFrame(function () { if (this._map) this._draw(); }, this);
      },
      onRemove: function (m) {
        L.DomUtil.remove(this._div);
        m.off("moveend zoomend resize viewreset", this._draw, this);
        GEO.shownLabels = [];
      },
      /* Place the names for the current view now; returns what is written. */
      redraw: function () {
        if (this._map) this._draw();
        return GEO.shownLabels;
      },
      _draw: function () {
        var m = this._map, div = this._div, z = m.getZoom(), size = m.getSize();
        div.textContent = "";
        L.DomUtil.setPosition(div, m.containerPointToLayerPoint([0, 0]));
        var boxes = [], shown = [], seen = {};
        function free(b) {
          if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y) return false;
          for (var k = 0; k < boxes.length; k++) {
            var o = boxes[k];
            if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return false;
          }
          return true;
        }
        var w = p.water, at = w.at, c = p.colours, cs = p.cities;
        for (var o = 0; o < order.length; o++) {
          var e = order[o];
          if (e[0] > z) break;
          if (e[1] === 1) placeWater(e[2]);
          else placeCity(e[2]);
        }
        function placeWater(i) {
          var ni = at[i];
          var lat = at[i + 2], pt = m.latLngToContainerPoint([lat, at[i + 1]]);
          var name = w.names[ni], tw = name.length * 6.4 + 4, th = 14;
          var deg = 0;
          if (w.kind[ni] === "r") {
            // Direction on screen: Mercator stretches latitude by 1/cos(lat).
            deg = (Math.atan2(-at[i + 4] / Math.cos((lat * Math.PI) / 180), at[i + 3]) * 180) / Math.PI;
            if (deg > 90) deg -= 180;
            if (deg < -90) deg += 180;
          }
          var r = (deg * Math.PI) / 180, bw = Math.abs(tw * Math.cos(r)) + Math.abs(th * Math.sin(r));
          var bh = Math.abs(tw * Math.sin(r)) + Math.abs(th * Math.cos(r));
          var b = [pt.x - bw / 2, pt.y - bh / 2, pt.x + bw / 2, pt.y + bh / 2];
          var prev = seen[name] || [];
          for (var k = 0; k < prev.length; k++) {
            if (Math.abs(prev[k].x - pt.x) + Math.abs(prev[k].y - pt.y) < 300) return;
          }
          if (!free(b)) return;
          boxes.push(b);
          (seen[name] = prev).push(pt);
          var t = text("div", "geo-label geo-water" + (w.kind[ni] === "l" ? " geo-lake" : ""), name, div);
          t.style.left = Math.round(pt.x) + "px";
          t.style.top = Math.round(pt.y) + "px";
          t.style.color = c.water;
          t.style.transform = "translate(-50%, -50%) rotate(" + deg.toFixed(1) + "deg)";
          shown.push(name);
        }
        function placeCity(j) {
          var cp = m.latLngToContainerPoint([cs.xy[2 * j + 1], cs.xy[2 * j]]);
          var nm = cs.names[j], big = cs.zoom[j] <= z - 2;
          var wpx = nm.length * (big ? 7.2 : 6.4) + 10;
          var cb = [cp.x - 4, cp.y - 8, cp.x + wpx, cp.y + 8];
          if (!free(cb)) return;
          boxes.push(cb);
          var d = el("div", "geo-label geo-city" + (big ? " geo-big" : ""), div);
          d.style.left = Math.round(cp.x - 3) + "px";
          d.style.top = Math.round(cp.y - 7) + "px";
          var dot = el("span", "geo-dot", d);
          dot.style.background = c.city;
          var tt = text("span", null, nm, d);
          tt.style.color = c.label;
          shown.push(nm);
        }
        GEO.shownLabels = shown;
      }
    });
    var layer = new Labels();
    GEO.groups[p.title] = layer;
    GEO.labelLayer = layer;
    window.GEO_LAYERS[p.title] = p.cities.zoom.length + p.water.names.length;
    return layer;
  };

  GEO.legend = function (map, items, title) {
    var c = L.control({ position: "bottomright" });
    c.onAdd = function () {
      var div = L.DomUtil.create("div", "geo-legend");
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      var head = text("h4", null, title, div);
      head.title = "Show or hide the legend";
      head.setAttribute("role", "button");
      head.tabIndex = 0;
      function toggle() {
        div.classList.toggle("geo-collapsed");
        head.setAttribute("aria-expanded", String(!div.classList.contains("geo-collapsed")));
      }
      L.DomEvent.on(head, "click", toggle);
      L.DomEvent.on(head, "keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { L.DomEvent.preventDefault(e); toggle(); }
      });
      if (map.getSize().x < 700) div.classList.add("geo-collapsed");
      head.setAttribute("aria-expanded", String(!div.classList.contains("geo-collapsed")));
      // The number of features shown, kept up to date by the filters (analyst.js).
      el("div", "geo-legend-count", div).setAttribute("aria-live", "polite");
      items.forEach(function (it) {
        if (it.kind === "heading") {
          text("h5", null, it.label, div);
          return;
        }
        var row = el("div", "geo-legend-row", div);
        if (it.key) row.setAttribute("data-key", it.key);
        var NS = "http://www.w3.org/2000/svg";
        var w = it.kind === "size" ? 2 * it.radius + 4 : 22;
        var h = it.kind === "size" ? 2 * it.radius + 4 : 14;
        var svg = document.createElementNS(NS, "svg");
        svg.setAttribute("width", w);
        svg.setAttribute("height", h);
        svg.setAttribute("class", "geo-sw");
        var shape;
        if (it.kind === "line") {
          shape = document.createElementNS(NS, "line");
          shape.setAttribute("x1", 1); shape.setAttribute("x2", w - 1);
          shape.setAttribute("y1", h / 2); shape.setAttribute("y2", h / 2);
          shape.setAttribute("stroke", it.color);
          shape.setAttribute("stroke-width", it.weight || 4);
          if (it.dashArray) shape.setAttribute("stroke-dasharray", it.dashArray);
          if (it.opacity !== undefined) shape.setAttribute("stroke-opacity", it.opacity);
        } else if (it.kind === "diamond") {
          shape = document.createElementNS(NS, "rect");
          shape.setAttribute("x", 6); shape.setAttribute("y", 2);
          shape.setAttribute("width", 9); shape.setAttribute("height", 9);
          shape.setAttribute("transform", "rotate(45 10.5 6.5)");
          shape.setAttribute("fill", it.color);
          shape.setAttribute("stroke", "#333");
        } else {
          shape = document.createElementNS(NS, "circle");
          var r = it.kind === "size" ? it.radius : 5;
          shape.setAttribute("cx", w / 2); shape.setAttribute("cy", h / 2);
          shape.setAttribute("r", r);
          shape.setAttribute("fill", it.fill || "none");
          shape.setAttribute("fill-opacity", it.fillOpacity === undefined ? 0.85 : it.fillOpacity);
          shape.setAttribute("stroke", it.color || "#333");
          if (it.dashArray) shape.setAttribute("stroke-dasharray", it.dashArray);
        }
        svg.appendChild(shape);
        row.appendChild(svg);
        text("span", null, it.label, row);
      });
      return div;
    };
    c.addTo(map);
    return c;
  };

  /* Attribution line (Leaflet writes it as HTML: the text is escaped here). */
  /* The first view, set at once (no animation to be cut short by the reader's first act)
   * and framed beside the legend, not under it (when the legend takes under half the map). */
  GEO.fit = function (map, bounds, options) {
    var pad = (options && options.padding) || [30, 30], right = 0;
    var legend = map.getContainer().querySelector(".geo-legend");
    if (legend && legend.offsetWidth < map.getSize().x / 2) right = legend.offsetWidth + 10;
    map.fitBounds(bounds, {
      animate: false, maxZoom: options && options.maxZoom,
      paddingTopLeft: pad, paddingBottomRight: [pad[0] + right, pad[1]]
    });
  };

  GEO.attribution = function (map, text) {
    var span = document.createElement("span");
    span.textContent = text;
    if (map.attributionControl) map.attributionControl.addAttribution(span.innerHTML);
  };

  GEO.title = function (map, title) {
    var c = L.control({ position: "topright" });
    c.onAdd = function () { return text("div", "geo-title", title); };
    c.addTo(map);
  };

  GEO.fullscreen = function (map) {
    var c = L.control({ position: "topleft" });
    c.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar geo-fs");
      var a = el("a", null, bar);
      var NS = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(NS, "svg");
      svg.setAttribute("width", 16);
      svg.setAttribute("height", 16);
      svg.setAttribute("viewBox", "0 0 16 16");
      var path = document.createElementNS(NS, "path");
      path.setAttribute("d", "M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5");
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "#222");
      path.setAttribute("stroke-width", "2");
      svg.appendChild(path);
      a.appendChild(svg);
      a.href = "#";
      a.title = "Full screen";
      a.setAttribute("role", "button");
      L.DomEvent.on(a, "click", function (e) {
        L.DomEvent.preventDefault(e);
        var box = map.getContainer();
        var doc = document;
        if (doc.fullscreenElement) {
          doc.exitFullscreen();
        } else if (box.classList.contains("geo-fullscreen")) {
          box.classList.remove("geo-fullscreen");
          map.invalidateSize();
        } else if (box.requestFullscreen) {
          box.requestFullscreen().catch(function () {
            box.classList.add("geo-fullscreen");
            map.invalidateSize();
          });
        } else {
          box.classList.add("geo-fullscreen");
          map.invalidateSize();
        }
      });
      document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
      return bar;
    };
    c.addTo(map);
  };

  /* A small overview map drawn from the coarse offline basemap; no tiles. */
  GEO.minimap = function (map, base) {
    var c = L.control({ position: "bottomleft" });
    c.onAdd = function () {
      var box = L.DomUtil.create("div", "geo-minimap");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    c.addTo(map);
    var box = c.getContainer();
    var mini = L.map(box, {
      attributionControl: false, zoomControl: false, dragging: false,
      scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false,
      keyboard: false, touchZoom: false, inertia: false, zoomSnap: 0
    });
    if (base) {
      var st = L.extend({}, base.styles[0], { interactive: false });
      for (var i = 0; i < base.n; i++) baseShape(base.geoms[i], base.q, st).addTo(mini);
    }
    var rect = L.rectangle(map.getBounds(), {
      color: "#d7301f", weight: 1.5, fill: true, fillOpacity: 0.1, interactive: false
    }).addTo(mini);
    function sync() {
      var z = Math.max(map.getZoom() - 5, 0);
      mini.setView(map.getCenter(), z, { animate: false });
      rect.setBounds(map.getBounds());
    }
    mini.on("click", function (e) { map.panTo(e.latlng); });
    map.on("moveend zoomend resize", sync);
    setTimeout(function () { mini.invalidateSize(); sync(); }, 0);
    GEO.mini = mini;
    return mini;
  };
})();
