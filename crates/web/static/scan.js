// Portineria: scan a QR code with the camera into a form's "code" input.
// Optional: without camera support or jsQR the typed code input still works.
// Needs a secure context (HTTPS or localhost) for getUserMedia.
(function () {
  "use strict";
  var INTERVAL_MS = 200;
  var MAX_WIDTH = 640; // frames are scaled down to this width before decoding

  function setup(box) {
    var form = box.closest("form");
    var input = form && form.querySelector('input[name="code"]');
    if (!input) { return; }
    var startLabel = box.dataset.labelStart || "Scan";
    var stopLabel = box.dataset.labelStop || "Stop";
    var button = document.createElement("button");
    button.type = "button"; // never submits the form by itself
    button.textContent = startLabel;
    box.appendChild(button);

    var canvas = document.createElement("canvas"); // offscreen, never attached
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    var stream = null, video = null, timer = 0, session = 0, active = false;

    function status(text) {
      var p = box.querySelector('p[role="status"]');
      if (!p) { p = document.createElement("p"); p.setAttribute("role", "status"); box.appendChild(p); }
      p.textContent = text;
    }

    function stop() {
      session++; // invalidates a getUserMedia call still pending
      active = false;
      clearTimeout(timer);
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
      if (video) { video.srcObject = null; video.remove(); video = null; }
      button.textContent = startLabel;
    }

    function tick() {
      if (!video) { return; }
      var w = video.videoWidth, h = video.videoHeight;
      if (video.readyState >= video.HAVE_CURRENT_DATA && w && h) {
        var scale = Math.min(1, MAX_WIDTH / w);
        canvas.width = Math.round(w * scale);
        canvas.height = Math.round(h * scale);
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
        var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
        if (code && code.data) {
          stop();
          input.value = code.data;
          if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
          return;
        }
      }
      timer = setTimeout(tick, INTERVAL_MS);
    }

    function start() {
      var mine = ++session;
      active = true;
      var old = box.querySelector('p[role="status"]');
      if (old) { old.remove(); }
      button.textContent = stopLabel;
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          if (mine !== session) { s.getTracks().forEach(function (t) { t.stop(); }); return; }
          stream = s;
          video = document.createElement("video");
          video.setAttribute("playsinline", ""); // iOS: no fullscreen takeover
          video.setAttribute("muted", "");
          video.muted = true;
          video.style.maxWidth = "100%"; // CSSOM, allowed under style-src 'self'
          video.srcObject = s;
          box.insertBefore(video, button);
          return video.play().then(tick);
        })
        .catch(function () {
          if (mine !== session) { return; }
          stop();
          status(box.dataset.labelError || "");
        });
    }

    button.addEventListener("click", function () { if (active) { stop(); } else { start(); } });
    window.addEventListener("pagehide", stop); // release the camera on navigation
  }

  document.addEventListener("DOMContentLoaded", function () {
    var md = navigator.mediaDevices;
    if (!md || !md.getUserMedia || typeof window.jsQR !== "function") { return; }
    document.querySelectorAll("[data-qr-scan]").forEach(setup);
  });
})();
