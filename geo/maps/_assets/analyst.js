/* geo web map, the analyst's tools: filters (status, type, mode, country, years), a time
 * control, search over every spelling, picking where features overlap, the permalink
 * and window.GEO.api.  Written for this project (no third-party code); plain DOM
 * controls (checkboxes, buttons, input type=range), so every one has a name and works
 * with Tab and the keyboard.  Runs after map.js, over GEO.feats. */
(function () {
  "use strict";
  var GEO = (window.GEO = window.GEO || {});
  var GROUPS = [["status", "Status"], ["type", "Type"], ["mode", "Mode"], ["country", "Country"]];
  var RECORD_KINDS = { corridors: 1, facilities: 1, crossings: 1 };

  var el = GEO.dom.el, text = GEO.dom.text, col = GEO.dom.col; // from map.js

  /* The gazetteer's fold (geo.gazetteer.fold) in the browser: NFKC, lower case, marks
   * and apostrophes dropped, anything but letters and digits one space.  The build
   * folds every other spelling with the Python function; a test compares the two. */
  var APOS = /['\u2019\u2018\u0060\u00b4\u02b9\u02bc\u02bb\u2032]/g;
  function foldName(s) {
    s = String(s).replace(/\p{Cf}/gu, "").normalize("NFKC").toLowerCase().replace(APOS, "");
    s = s.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
    s = s.replace(/\u00df/g, "ss").replace(/\u00f8/g, "o").replace(/\u0142/g, "l").replace(/\u0111/g, "d");
    s = s.replace(/\u00e6/g, "ae").replace(/\u0153/g, "oe").replace(/\u0131/g, "i");
    return s.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  GEO.foldName = foldName;

  /* The facet of feature i of a payload (geo/maps/_facets.py): status, type, mode,
   * countries, milestone years, legend keys; the distinct tuples are parsed once. */
  GEO.facet = function (p, i) {
    if (!p.facets) return {};
    if (!p._ft) {
      p._ft = p.facets.t.map(function (t) {
        var ys = t[4] ? t[4].filter(function (y) { return y !== null; }) : [];
        return {
          status: t[0], type: t[1], mode: t[2], country: t[3] ? t[3].split(",") : [],
          ms: t[4], years: ys.length ? [Math.min.apply(null, ys), Math.max.apply(null, ys)] : null,
          keys: t[5] ? t[5].split(" ") : []
        };
      });
    }
    return p._ft[p.facets.i ? p.facets.i[i] : 0];
  };

  var S = blank();
  var CFG = null, MAP = null, FEATS = [], BYID = {}, COUNTS = null, PANEL = null;
  function blank() {
    return { status: null, type: null, mode: null, country: null, years: null, undated: true, year: null };
  }

  function slug(s) {
    return foldName(s).replace(/ /g, "-").slice(0, 60);
  }
  /* Ids: the layer's id column, else the name as a slug, else layer and index; unique. */
  function assignIds() {
    var seen = {};
    FEATS.forEach(function (e) {
      var base = col(e.p.ids, e.i) || slug(col(e.p.names, e.i) || "") || slug(e.title) + "-" + e.i;
      var id = base, k = 2;
      while (seen[id]) id = base + "-" + k++;
      seen[id] = true;
      e.id = id;
      e.name = col(e.p.names, e.i) || id;
      e.f = GEO.facet(e.p, e.i);
      e.dated = !!RECORD_KINDS[e.p.kind];
      e.visible = true;
      e.status = e.f.status;
      BYID[id] = e;
      if (e.canvas) (e.canvas._entries = e.canvas._entries || [])[e.i] = e;
    });
  }

  /* Status at a year from the dated milestones (announced, signed → proposed, construction
   * start → construction, opening → operating); the record's own status when none is due. */
  function statusAt(e, year) {
    var f = e.f;
    if (year === null || !e.dated || !f.ms) return f.status;
    var st = null;
    for (var k = 0; k < f.ms.length; k++) if (f.ms[k] !== null && f.ms[k] <= year) st = CFG.milestones[k];
    // A record now shelved or cancelled after its last milestone keeps that status then.
    if (st && CFG.stopped.indexOf(f.status) >= 0 && year >= f.years[1]) return f.status;
    return st || f.status;
  }
  function values(e, g, status) {
    if (g === "status") return [status];
    if (g === "country") return e.f.country;
    return [e.f[g]];
  }
  /* Which filters a feature fails: 0 (shown), a group name (only that one), or "x". */
  function failing(e, st) {
    var status = statusAt(e, st.year), fail = null;
    if (e.dated) {
      var ys = e.f.years;
      if (!ys) {
        if (!st.undated) return "x";
      } else {
        if (st.year !== null && ys[0] > st.year) return "x";
        if (st.years && (ys[0] > st.years[1] ||
            (CFG.stopped.indexOf(e.f.status) >= 0 && ys[1] < st.years[0]))) return "x";
      }
    }
    for (var g = 0; g < GROUPS.length; g++) {
      var key = GROUPS[g][0], allowed = st[key];
      if (!allowed) continue;
      var ok = false;
      // No array per feature here: this runs for every feature on each change.
      if (key === "country") {
        for (var k = 0; k < e.f.country.length; k++) if (allowed.indexOf(e.f.country[k]) >= 0) ok = true;
      } else {
        ok = allowed.indexOf(key === "status" ? status : e.f[key]) >= 0;
      }
      if (!ok) {
        if (fail) return "x";
        fail = key;
      }
    }
    return fail;
  }

  function setShown(e, show) {
    if (e.visible === show) return;
    e.visible = show;
    if (e.canvas) {
      e.canvas.vis[e.i] = show ? 1 : 0;
      e.canvas._geoDirty = true;
      return;
    }
    var parts = [e.layer];
    if (e.hit && e.hit !== e.layer) parts.push(e.hit);
    parts.forEach(function (l) {
      if (show) e.group.addLayer(l);
      else e.group.removeLayer(l);
    });
  }
  /* Dashes follow the status shown (at the time control's year). */
  function restyle(e, status) {
    if (e.canvas || e.status === status) return;
    e.status = status;
    var base = e.p.styles[e.p.si ? e.p.si[e.i] : 0], dash = base.dashArray || null;
    if (S.year !== null) {
      dash = CFG.planned.indexOf(status) >= 0 ? CFG.dash.planned
        : CFG.stopped.indexOf(status) >= 0 ? CFG.dash.stopped : null;
      if (e.p.kind === "facilities" && dash) dash = "3 3";
    }
    if (e.layer.setStyle) e.layer.setStyle({ dashArray: dash });
    else if (e.layer.getElement && e.layer.getElement()) {
      var d = e.layer.getElement().querySelector(".geo-diamond");
      if (d) d.style.borderStyle = dash ? "dashed" : "solid";
    }
  }

  function tally(c, v) {
    if (v !== null && v !== undefined) c[v] = (c[v] || 0) + 1;
  }
  /* Apply the filters: visibility, styles, counts per value, legend, count line, hash. */
  function apply() {
    var counts = {}, shown = 0, keys = {}, canvases = [];
    GROUPS.forEach(function (g) { counts[g[0]] = {}; });
    counts.undated = 0;
    FEATS.forEach(function (e) {
      var fail = failing(e, S), status = statusAt(e, S.year);
      for (var g = 0; g < GROUPS.length; g++) {
        var key = GROUPS[g][0];
        if (fail !== null && fail !== key) continue;
        if (key === "country") {
          for (var k = 0; k < e.f.country.length; k++) tally(counts.country, e.f.country[k]);
        } else {
          tally(counts[key], key === "status" ? status : e.f[key]);
        }
      }
      if (e.dated && !e.f.years) counts.undated++;
      setShown(e, fail === null);
      restyle(e, status);
      if (e.canvas && e.canvas._geoDirty && canvases.indexOf(e.canvas) < 0) canvases.push(e.canvas);
      if (fail === null) {
        shown++;
        e.f.keys.forEach(function (k) { keys[k] = 1; });
        var grp = CFG.planned.indexOf(status) >= 0 ? "planned" : CFG.stopped.indexOf(status) >= 0 ? "stopped" : null;
        if (grp) keys[grp + "@" + e.p.kind] = 1;
      }
    });
    // Redraw only a canvas whose points changed (a redraw of 100,000 points is the
    // slowest step of opening such a page).
    canvases.forEach(function (c) {
      c._geoDirty = false;
      if (c._map) c._schedule();
    });
    COUNTS = counts;
    closeTips();
    legendFollows(keys, shown);
    if (PANEL) PANEL.sync(counts, shown);
    saveHash();
    return shown;
  }

  function legendFollows(keys, shown) {
    var legend = MAP.getContainer().querySelector(".geo-legend");
    if (!legend) return;
    var count = legend.querySelector(".geo-legend-count");
    if (count) count.textContent = shown + " of " + FEATS.length + " features shown";
    var heading = null, any = false;
    function close() { if (heading) heading.style.display = any ? "" : "none"; }
    Array.prototype.forEach.call(legend.children, function (c) {
      if (c.tagName === "H5") {
        close();
        heading = c;
        any = false;
      } else if (c.classList.contains("geo-legend-row")) {
        var key = c.getAttribute("data-key"), on = !key || !!keys[key];
        c.style.display = on ? "" : "none";
        any = any || on;
      }
    });
    close();
  }

  function closeTips() {
    Object.keys(GEO.groups).forEach(function (t) {
      var g = GEO.groups[t];
      if (g.closeTooltip) g.closeTooltip();
      if (g._tip && MAP.hasLayer(g._tip)) MAP.closeTooltip(g._tip);
    });
  }

  /* ---- picking ---- */
  var PANE_ORDER = ["geoPlaces", "geoCrossings", "markerPane", "geoPoints", "geoAreaMarks", "geoLines", "overlayPane"];
  function drawnAt(e, pt, lp) {
    if (!e.visible || !MAP.hasLayer(e.group)) return false;
    var l = e.area ? e.hit : e.layer;
    if (l.getLayers) {
      return l.getLayers().some(function (part) { return hitsLayer(part, pt, lp); });
    }
    return hitsLayer(l, pt, lp);
  }
  function hitsLayer(l, pt, lp) {
    if (l.getLatLng) {
      var c = MAP.latLngToContainerPoint(l.getLatLng());
      var r = l.getRadius ? l.getRadius() : (l.options.icon && l.options.icon.options.iconSize[0] / 2) || 8;
      return c.distanceTo(pt) <= r + 3;
    }
    if (l.closestLayerPoint && MAP.hasLayer(l)) {
      var q = l.closestLayerPoint(lp);
      return !!q && q.distance <= (l.options.weight || 3) / 2 + 4;
    }
    return false;
  }
  function paneRank(e) {
    var pane = e.area ? "geoAreaMarks" : e.p.pane || "overlayPane";
    var k = PANE_ORDER.indexOf(pane);
    return k < 0 ? PANE_ORDER.length : k;
  }
  /* Every feature drawn at a point, topmost first. */
  function entriesAt(latlng) {
    var pt = MAP.latLngToContainerPoint(latlng), lp = MAP.latLngToLayerPoint(latlng), out = [], done = [];
    FEATS.forEach(function (e, n) {
      if (e.canvas) {
        if (done.indexOf(e.canvas) >= 0 || !MAP.hasLayer(e.canvas)) return;
        done.push(e.canvas);
        e.canvas.hit(pt, true).forEach(function (i) { out.push([e.canvas._entries[i], n + i]); });
        return;
      }
      if (drawnAt(e, pt, lp)) out.push([e, n]);
    });
    out.sort(function (a, b) { return paneRank(a[0]) - paneRank(b[0]) || b[1] - a[1]; });
    return out.map(function (x) { return x[0]; });
  }
  function where(e) {
    if (e.canvas) return e.canvas.latlng(e.i);
    var l = e.area ? e.hit : e.layer;
    if (l.getLayers) l = l.getLayers()[0];
    if (l.getLatLng) return l.getLatLng();
    var c = l.getBounds().getCenter();
    if (l.closestLayerPoint && MAP.hasLayer(l)) {
      var q = l.closestLayerPoint(MAP.latLngToLayerPoint(c));
      if (q) return MAP.layerPointToLatLng(q);
    }
    return c;
  }
  function openEntry(e, latlng) {
    foldAway();
    L.popup(GEO.popupOptions(MAP)).setLatLng(latlng || where(e)).setContent(GEO.popupBox(e.p, e.i)).openOn(MAP);
  }
  /* A click: one feature opens its popup; several overlapping are listed, each a button. */
  GEO.pick = function (map, latlng) {
    var hits = entriesAt(latlng);
    if (!hits.length) return hits;
    foldAway();
    if (hits.length === 1) {
      openEntry(hits[0], latlng);
      return hits;
    }
    var box = el("div", "geo-pick");
    text("h4", null, hits.length + " features here", box);
    var ul = el("ul", null, box);
    hits.forEach(function (e) {
      var b = text("button", null, e.name, el("li", null, ul));
      b.type = "button";
      text("small", null, " \u00b7 " + e.title, b);
      L.DomEvent.on(b, "click", function (ev) {
        L.DomEvent.stop(ev);
        openEntry(e, latlng);
      });
    });
    L.popup(GEO.popupOptions(MAP)).setLatLng(latlng).setContent(box).openOn(MAP);
    var first = box.querySelector("button");
    if (first) first.focus({ preventScroll: true });
    return hits;
  };

  /* Padding that keeps popups clear of the controls: beside them on a wide map; on a
   * narrow one (a phone) the legend and the panel fold away and the popup goes between
   * the top and bottom control rows. */
  GEO.clearOfControls = function (map) {
    var box = map.getContainer(), size = map.getSize(), wide = size.x >= 700;
    function extent(sel, measure) {
      // Only this map's corners (the minimap inside has corners of its own).
      var c = box.querySelector(":scope > .leaflet-control-container > " + sel), m = 0;
      if (!c) return 0;
      var r0 = box.getBoundingClientRect();
      Array.prototype.forEach.call(c.children, function (k) {
        // On a wide map the attribution and the scale bar are low strips a popup may cover.
        if (wide && /leaflet-control-(attribution|scale)/.test(k.className)) return;
        var r = k.getBoundingClientRect();
        if (r.width && r.height) m = Math.max(m, measure(r, r0));
      });
      return m;
    }
    function fromLeft(r, r0) { return r.right - r0.left; }
    function fromRight(r, r0) { return r0.right - r.left; }
    // The popup may open anywhere from top to bottom: clear both corners of a side.
    var left = Math.max(extent(".leaflet-top.leaflet-left", fromLeft), extent(".leaflet-bottom.leaflet-left", fromLeft));
    var right = Math.max(extent(".leaflet-top.leaflet-right", fromRight), extent(".leaflet-bottom.leaflet-right", fromRight));
    var top = Math.max(extent(".leaflet-top.leaflet-left", function (r, r0) { return r.bottom - r0.top; }),
      extent(".leaflet-top.leaflet-right", function (r, r0) { return r.bottom - r0.top; }));
    var bottom = Math.max(extent(".leaflet-bottom.leaflet-left", function (r, r0) { return r0.bottom - r.top; }),
      extent(".leaflet-bottom.leaflet-right", function (r, r0) { return r0.bottom - r.top; }));
    if (wide) return { tl: [left + 10, 10], br: [right + 10, 10] };
    // Never more padding than leaves 40 % of the height for the popup.
    var k = Math.min(1, (0.6 * size.y) / Math.max(1, top + bottom + 20));
    return { tl: [10, Math.round(k * top) + 10], br: [10, Math.round(k * bottom) + 10] };
  };
  function foldAway() {
    if (MAP.getSize().x >= 700) return;
    // Until the popup closes, the minimap makes room (see map.css).
    MAP.getContainer().classList.add("geo-popup-open");
    var legend = MAP.getContainer().querySelector(".geo-legend");
    if (legend && !legend.classList.contains("geo-collapsed")) {
      legend.classList.add("geo-collapsed");
      legend.querySelector("h4").setAttribute("aria-expanded", "false");
    }
    if (PANEL) PANEL.open(false);
  }

  /* ---- search ---- */
  var INDEX = null;
  function buildIndex() {
    INDEX = [];
    FEATS.forEach(function (e) {
      INDEX.push([e, e.name, foldName(e.name)]);
      var alt = e.p.alt ? e.p.alt[e.i] : null;
      (alt || []).forEach(function (a) { INDEX.push([e, a[0], a[1]]); });
    });
  }
  /* Matches of a query, best first: [{entry, shown (the spelling matched), score}]. */
  function searchEntries(textValue, limit) {
    if (!INDEX) buildIndex();
    var q = foldName(textValue || ""), qj = q.replace(/ /g, "");
    if (!q) return [];
    var best = {};
    INDEX.forEach(function (x) {
      var key = x[2], sc = key === q ? 0 : key.indexOf(q) === 0 ? 1 : key.indexOf(" " + q) >= 0 ? 2
        : key.indexOf(q) >= 0 ? 3 : qj !== q && key.indexOf(qj) >= 0 ? 4 : -1;
      if (sc < 0) return;
      var cur = best[x[0].id];
      if (!cur || sc < cur.score) best[x[0].id] = { entry: x[0], shown: x[1], score: sc };
    });
    var order = {};
    FEATS.forEach(function (e, n) { order[e.id] = n; });
    var out = Object.keys(best).map(function (k) { return best[k]; });
    out.sort(function (a, b) { return a.score - b.score || order[a.entry.id] - order[b.entry.id]; });
    return out.slice(0, limit || out.length);
  }

  function searchControl(map) {
    var c = L.control({ position: "topleft" });
    c.onAdd = function () {
      var box = L.DomUtil.create("div", "geo-search");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var input = el("input", null, box);
      input.type = "search";
      input.placeholder = "Search any name (en, ru, zh)";
      input.setAttribute("aria-label", "Search features by name");
      var list = el("ul", null, box);
      list.setAttribute("aria-label", "Search results");
      function show() {
        list.textContent = "";
        var hits = searchEntries(input.value, 12);
        if (!input.value.trim()) return;
        hits.forEach(function (h) {
          var b = text("button", null, h.entry.name, el("li", null, list));
          b.type = "button";
          text("small", null, " \u00b7 " + h.entry.title, b);
          if (foldName(h.shown) !== foldName(h.entry.name)) text("span", "geo-matched", "matched: " + h.shown, b);
          L.DomEvent.on(b, "click", function (e) {
            // Stop here: the button is removed below, so the map could not tell
            // that the click came from this control and would close the popup.
            L.DomEvent.stop(e);
            list.textContent = "";
            GEO.api.show(h.entry.id);
          });
          L.DomEvent.on(b, "keydown", function (e) {
            var li = b.parentNode, to = e.key === "ArrowDown" ? li.nextSibling : e.key === "ArrowUp" ? li.previousSibling : null;
            if (e.key === "ArrowUp" && !to) input.focus();
            if (to && to.firstChild) to.firstChild.focus();
            if (e.key.indexOf("Arrow") === 0) L.DomEvent.preventDefault(e);
          });
        });
        if (!hits.length) text("li", "geo-none", "no match", list);
      }
      var timer = null;
      L.DomEvent.on(input, "input", function () {
        clearTimeout(timer);
        timer = setTimeout(show, 120);
      });
      L.DomEvent.on(input, "keydown", function (e) {
        if (e.key === "Enter") {
          clearTimeout(timer);
          show();
          var first = list.querySelector("button");
          if (first) first.click();
        } else if (e.key === "ArrowDown") {
          clearTimeout(timer);
          show();
          var b = list.querySelector("button");
          if (b) { L.DomEvent.preventDefault(e); b.focus(); }
        }
      });
      return box;
    };
    c.addTo(map);
  }

  /* ---- the permalink ---- */
  function state() {
    var c = MAP.getCenter();
    return {
      zoom: MAP.getZoom(), lat: +c.lat.toFixed(5), lon: +c.lng.toFixed(5),
      status: S.status, type: S.type, mode: S.mode, country: S.country,
      years: S.years, undated: S.undated, year: S.year
    };
  }
  function encode(st) {
    var parts = ["map=" + st.zoom + "/" + st.lat + "/" + st.lon];
    GROUPS.forEach(function (g) {
      if (st[g[0]]) parts.push(g[0] + "=" + st[g[0]].map(encodeURIComponent).join(","));
    });
    if (st.years) parts.push("years=" + st.years[0] + "-" + st.years[1]);
    if (!st.undated) parts.push("undated=0");
    if (st.year !== null) parts.push("year=" + st.year);
    return parts.join("&");
  }
  function decode(hash) {
    var st = blank(), any = false;
    hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var k = kv.split("=")[0], v = kv.slice(k.length + 1);
      if (k === "map") {
        var m = v.split("/").map(Number);
        if (m.length === 3 && m.every(isFinite)) { st.zoom = m[0]; st.lat = m[1]; st.lon = m[2]; any = true; }
      } else if (k === "years") {
        var y = v.match(/^(-?\d+)-(-?\d+)$/);
        if (y) { st.years = [+y[1], +y[2]]; any = true; }
      } else if (k === "undated") {
        st.undated = v !== "0"; any = true;
      } else if (k === "year" && isFinite(+v) && v !== "") {
        st.year = +v; any = true;
      } else if (GROUPS.some(function (g) { return g[0] === k; })) {
        st[k] = v ? v.split(",").map(decodeURIComponent) : []; any = true;
      }
    });
    return any ? st : null;
  }
  var hashTimer = null, restoring = false;
  function saveHash() {
    if (restoring || !MAP) return;
    clearTimeout(hashTimer);
    hashTimer = setTimeout(function () {
      var h = "#" + encode(state());
      if (location.hash === h) return;
      try { history.replaceState(null, "", h); } catch (err) { location.hash = h; }
    }, 150);
  }
  function list(v) {
    if (v === null || v === undefined) return null;
    return (Array.isArray(v) ? v : [v]).map(String);
  }
  function setFilters(f) {
    var st = blank();
    GROUPS.forEach(function (g) { st[g[0]] = list(f[g[0]]); });
    if (f.years) st.years = [Math.min(+f.years[0], +f.years[1]), Math.max(+f.years[0], +f.years[1])];
    if (f.undated === false) st.undated = false;
    if (f.year !== null && f.year !== undefined && isFinite(+f.year)) st.year = +f.year;
    S = st;
    return apply();
  }
  function restore(st) {
    if (!st) return;
    restoring = true;
    if (isFinite(st.zoom) && isFinite(st.lat) && isFinite(st.lon)) {
      MAP.setView([st.lat, st.lon], st.zoom, { animate: false });
    }
    restoring = false;
    setFilters(st);
  }

  /* ---- the filter panel ---- */
  function yearSpan() {
    var lo = Infinity, hi = -Infinity;
    FEATS.forEach(function (e) {
      if (e.dated && e.f.years) { lo = Math.min(lo, e.f.years[0]); hi = Math.max(hi, e.f.years[1]); }
    });
    return lo <= hi ? [lo, hi] : null;
  }
  function valuesOf(key) {
    var seen = {};
    FEATS.forEach(function (e) {
      values(e, key, e.f.status).forEach(function (v) { if (v !== null && v !== undefined) seen[v] = 1; });
      if (key === "status" && e.f.ms) CFG.milestones.forEach(function (m) { seen[m] = 1; });
    });
    var out = Object.keys(seen);
    if (key === "status") {
      var order = CFG.statuses.concat(CFG.milestones);
      out.sort(function (a, b) {
        var x = order.indexOf(a), y = order.indexOf(b);
        return (x < 0 ? 99 : x) - (y < 0 ? 99 : y) || (a < b ? -1 : 1);
      });
    } else out.sort();
    return out;
  }
  function label(key, v) {
    if (key === "country") return v + " \u2014 " + (CFG.countries[v] || v);
    return String(v).replace(/_/g, " ");
  }

  function panelControl(map, span) {
    var c = L.control({ position: "topleft" }), boxes = {}, body, toggle, count, undated, time = {};
    c.onAdd = function () {
      var box = L.DomUtil.create("div", "geo-filter");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      toggle = text("button", "geo-filter-toggle", "Filters", box);
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-controls", "geo-filter-body");
      body = el("div", "geo-filter-body", box);
      body.id = "geo-filter-body";
      body.hidden = true;
      body.setAttribute("role", "region");
      body.setAttribute("aria-label", "Filters");
      count = el("p", "geo-count", body);
      count.setAttribute("role", "status");
      L.DomEvent.on(toggle, "click", function () { c.open(body.hidden); });
      GROUPS.forEach(function (g) {
        var vals = valuesOf(g[0]);
        if (!vals.length) return;
        var fs = el("fieldset", null, body);
        text("legend", null, g[1], fs);
        boxes[g[0]] = {};
        vals.forEach(function (v) {
          var lab = el("label", null, fs), cb = el("input", null, lab);
          cb.type = "checkbox";
          cb.checked = true;
          cb.value = v;
          text("span", null, label(g[0], v), lab);
          var n = text("span", "geo-n", "", lab);
          boxes[g[0]][v] = [cb, n];
          L.DomEvent.on(cb, "change", function () { fromPanel(); });
        });
      });
      if (span) yearControls(body, span);
      var clear = text("button", "geo-clear", "Clear filters", body);
      clear.type = "button";
      L.DomEvent.on(clear, "click", function () { stopPlay(); setFilters({}); });
      return box;
    };
    function range(parent, name, v) {
      var lab = el("label", "geo-range", parent);
      text("span", null, name, lab);
      var r = el("input", null, lab);
      r.type = "range";
      r.min = span0[0];
      r.max = span0[1];
      r.step = 1;
      r.value = v;
      r.setAttribute("aria-label", name);
      var out = text("output", null, v, lab);
      L.DomEvent.on(r, "input", function () { out.textContent = r.value; });
      return r;
    }
    var span0 = span;
    function yearControls(parent, span) {
      var fs = el("fieldset", null, parent);
      text("legend", null, "Years (announced to opening)", fs);
      time.from = range(fs, "First year", span[0]);
      time.to = range(fs, "Last year", span[1]);
      [time.from, time.to].forEach(function (r) {
        L.DomEvent.on(r, "change", function () { fromPanel(); });
      });
      var lab = el("label", null, fs);
      undated = el("input", null, lab);
      undated.type = "checkbox";
      undated.checked = true;
      text("span", null, "Show undated records", lab);
      time.undatedN = text("span", "geo-n", "", lab);
      L.DomEvent.on(undated, "change", function () { fromPanel(); });
      var ts = el("fieldset", null, parent);
      text("legend", null, "Time: the map as of a year", ts);
      var tl = el("label", null, ts);
      time.on = el("input", null, tl);
      time.on.type = "checkbox";
      text("span", null, "Show the map as of a year", tl);
      time.year = range(ts, "Year shown", span[0]);
      time.year.disabled = true;
      L.DomEvent.on(time.on, "change", function () { stopPlay(); fromPanel(); });
      L.DomEvent.on(time.year, "input", function () { if (time.on.checked) fromPanel(); });
      time.play = text("button", "geo-play", "Play through the years", ts);
      time.play.type = "button";
      L.DomEvent.on(time.play, "click", function () {
        if (playing) stopPlay();
        else play();
      });
    }
    var playing = null;
    function play() {
      var y = S.year === null || S.year >= span0[1] ? span0[0] : S.year;
      S.year = y;
      time.play.textContent = "Pause";
      time.play.setAttribute("aria-pressed", "true");
      apply();
      playing = setInterval(function () {
        if (S.year >= span0[1]) return stopPlay();
        S.year++;
        apply();
      }, 700);
    }
    function stopPlay() {
      if (!playing) return;
      clearInterval(playing);
      playing = null;
      time.play.textContent = "Play through the years";
      time.play.setAttribute("aria-pressed", "false");
    }
    GEO.stopPlay = stopPlay;
    function fromPanel() {
      var f = {};
      Object.keys(boxes).forEach(function (g) {
        var all = true, on = [];
        Object.keys(boxes[g]).forEach(function (v) {
          if (boxes[g][v][0].checked) on.push(v);
          else all = false;
        });
        f[g] = all ? null : on;
      });
      if (time.from) {
        var a = +time.from.value, b = +time.to.value;
        if (a !== span0[0] || b !== span0[1]) f.years = [a, b];
        f.undated = undated.checked;
        if (time.on.checked) f.year = +time.year.value;
      }
      setFilters(f);
    }
    c.open = function (show) {
      body.hidden = !show;
      toggle.setAttribute("aria-expanded", String(show));
      // The open panel reaches down to where the minimap is: hide that meanwhile.
      map.getContainer().classList.toggle("geo-panel-open", show);
    };
    c.sync = function (counts, shown) {
      count.textContent = shown + " of " + FEATS.length + " features shown";
      Object.keys(boxes).forEach(function (g) {
        Object.keys(boxes[g]).forEach(function (v) {
          var b = boxes[g][v];
          b[0].checked = !S[g] || S[g].indexOf(v) >= 0;
          b[1].textContent = " " + (counts[g][v] || 0);
        });
      });
      if (time.from) {
        var ys = S.years || span0;
        time.from.value = ys[0];
        time.to.value = ys[1];
        time.from.nextSibling.textContent = ys[0];
        time.to.nextSibling.textContent = ys[1];
        undated.checked = S.undated;
        time.undatedN.textContent = " " + counts.undated;
        time.on.checked = S.year !== null;
        time.year.disabled = S.year === null;
        if (S.year !== null) {
          time.year.value = S.year;
          time.year.nextSibling.textContent = S.year;
        }
      }
    };
    c.addTo(map);
    return c;
  }

  /* ---- setup and the page API ---- */
  GEO.analyst = function (map, cfg) {
    MAP = map;
    CFG = cfg;
    FEATS = GEO.feats;
    assignIds();
    searchControl(map);
    PANEL = panelControl(map, yearSpan());
    map.on("popupopen", function () { closeTips(); foldAway(); });
    map.on("zoomstart movestart", closeTips);
    map.on("popupclose", function () { map.getContainer().classList.remove("geo-popup-open"); });
    L.DomEvent.on(map.getContainer(), "mouseleave", closeTips);
    // A click on the map itself (between features or on the canvas of points).
    map.on("click", function (e) { GEO.pick(map, e.latlng); });
    map.on("moveend", saveHash);
    var fromHash = decode(location.hash);
    if (fromHash) restore(fromHash);
    else apply();
    window.addEventListener("hashchange", function () {
      var st = decode(location.hash);
      if (st && encode(st) !== encode(state())) restore(st);
    });
    GEO.api = {
      features: function () {
        return FEATS.map(function (e) {
          return {
            id: e.id, name: e.name, layer: e.title, status: statusAt(e, S.year), type: e.f.type || null,
            mode: e.f.mode || null, countries: e.f.country.slice(), years: e.f.years ? e.f.years.slice() : null,
            visible: e.visible
          };
        });
      },
      filter: function (f) { GEO.stopPlay(); return setFilters(f || {}); },
      search: function (t) { return searchEntries(t).map(function (h) { return h.entry.id; }); },
      show: function (id) {
        var e = BYID[id];
        if (!e) throw new Error("no feature with id " + JSON.stringify(id));
        if (!map.hasLayer(e.group)) map.addLayer(e.group);
        foldAway();
        var pad = GEO.clearOfControls(map), l = e.area || e.layer;
        if (!e.canvas && l.getBounds) {
          map.fitBounds(l.getBounds(), {
            maxZoom: 12, animate: false,
            paddingTopLeft: [pad.tl[0] + 20, pad.tl[1] + 20], paddingBottomRight: [pad.br[0] + 20, pad.br[1] + 20]
          });
        } else {
          map.setView(where(e), Math.max(map.getZoom(), 9), { animate: false });
        }
        openEntry(e);
        return id;
      },
      at: function (lat, lon) { return entriesAt(L.latLng(lat, lon)).map(function (e) { return e.id; }); },
      state: state,
      restore: function (st) { restore(st); return state(); },
      encode: encode,
      decode: decode
    };
  };
})();
