// Portineria: small enhancements. Every page works without this file.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]');

  // htmx requests carry the CSRF token as a header too.
  document.addEventListener("htmx:configRequest", function (e) {
    if (csrf) { e.detail.headers["X-CSRF-Token"] = csrf.getAttribute("content"); }
  });

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function initMap() {
    var el = document.getElementById("map");
    if (!el || typeof L === "undefined") { return; }
    L.Icon.Default.imagePath = "/static/vendor/leaflet/images/";
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
    el.classList.add("map-ready");
    if (el.dataset.point) {
      var p = el.dataset.point.split(",").map(Number);
      map.setView(p, 16);
      L.marker(p, { title: el.dataset.name, alt: el.dataset.name }).addTo(map);
      return;
    }
    fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (f, latlng) {
            return L.marker(latlng, { title: f.properties.name, alt: f.properties.name });
          },
          onEachFeature: function (f, marker) {
            var p = f.properties;
            marker.bindPopup('<a href="' + escapeHtml(p.url) + '"><strong>' + escapeHtml(p.name) + "</strong></a><br>" +
              escapeHtml(p.hub) + "<br>" + escapeHtml(p.address) + ", " + escapeHtml(p.city));
          }
        }).addTo(map);
        el.dataset.markers = String(data.features.length);
        var bounds = layer.getBounds();
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20] }); } else { map.setView([44.494, 11.343], 12); }
      });
  }

  function initPosition() {
    var btn = document.getElementById("use-my-position");
    if (!btn || !navigator.geolocation) { return; }
    btn.hidden = false;
    btn.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var form = btn.closest("form");
        form.querySelector('[name="lat"]').value = pos.coords.latitude.toFixed(5);
        form.querySelector('[name="lon"]').value = pos.coords.longitude.toFixed(5);
        var walk = form.querySelector('[name="walk"]');
        if (walk && !walk.value) { walk.value = "15"; }
        form.requestSubmit();
      });
    });
  }

  // The booking grid as a chooser: a free hour sets the form's day, start and
  // end; a later free hour of the same column, with only free hours between,
  // moves the end. Cells are links, so a keyboard or a page without this
  // script gets the same choice (the link fills the form on the server).
  function initSlots() {
    var table = document.querySelector("table.slots[data-form]");
    var form = table && document.getElementById(table.dataset.form);
    if (!form) { return; }
    var field = function (n) { return form.querySelector('[name="' + n + '"]'); };
    var say = document.querySelector(".slot-choice");
    var start = null;
    function column(col) {
      // Every cell of the column, in order: a free one is its link, a full or
      // closed one is null.
      var out = [];
      Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
        var td = tr.cells[Number(col) + 1];
        out.push(td ? td.querySelector("a[data-from]") : null);
      });
      return out;
    }
    function mark(col, from, to) {
      Array.prototype.forEach.call(table.querySelectorAll("a[data-from]"), function (a) {
        var on = a.dataset.col === col && a.dataset.from >= from && a.dataset.from < to;
        a.parentNode.classList.toggle("chosen", on);
        if (on) { a.setAttribute("aria-current", "true"); } else { a.removeAttribute("aria-current"); }
      });
      if (say) { say.textContent = say.dataset.text.replace("FROM", from).replace("TO", to); }
    }
    table.addEventListener("click", function (e) {
      var a = e.target.closest("a[data-from]");
      if (!a) { return; }
      e.preventDefault();
      var col = a.dataset.col;
      var extend = false;
      if (start && start.col === col && a.dataset.from > start.from) {
        var links = column(col), inside = false, gap = false;
        links.forEach(function (l) {
          if (l && l.dataset.from === start.from) { inside = true; }
          if (inside && !l) { gap = true; }
          if (l === a) { inside = false; }
        });
        extend = !gap;
      }
      if (extend) {
        field("to").value = a.dataset.to;
        mark(col, start.from, a.dataset.to);
        start = null;
      } else {
        field("day").value = a.dataset.day;
        field("from").value = a.dataset.from;
        field("to").value = a.dataset.to;
        start = { col: col, from: a.dataset.from };
        mark(col, a.dataset.from, a.dataset.to);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initMap(); initPosition(); initSlots(); });
})();
