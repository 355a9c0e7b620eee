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

  document.addEventListener("DOMContentLoaded", function () { initMap(); initPosition(); });
})();
