/* Check-in: scan a ticket's QR code with the phone camera; typing the code always works.
   Decoding uses the browser's BarcodeDetector where it reads QR codes (Chrome on
   Android, Safari on macOS) and otherwise jsQR, shipped in static/vendor/jsqr
   (Safari on iOS, Firefox, Chrome on desktop Linux/Windows). No external code. */
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var button = document.getElementById("scan-button");
  var video = document.getElementById("scan-video");
  var unavailable = document.getElementById("scan-unavailable");
  if (!form || !button || !video) { return; }
  var input = form.querySelector("input[name=code]");
  var hasCamera = navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
  if (!hasCamera || !("BarcodeDetector" in window || "jsQR" in window)) {
    if (unavailable) { unavailable.hidden = false; }
    return;
  }
  button.hidden = false;
  var stream = null;
  var timer = null;
  var canvas = document.createElement("canvas");

  function stop() {
    if (timer) { window.clearInterval(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
  }

  /* A function video -> Promise of the QR code's text or null, from the best decoder at hand. */
  function chooseDecoder() {
    var jsqr = function () {
      var width = video.videoWidth, height = video.videoHeight;
      if (!width || !height) { return Promise.resolve(null); }
      var scale = Math.min(1, 800 / Math.max(width, height));  // enough pixels for a ticket's code
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      return Promise.resolve(found ? found.data : null);
    };
    if (!("BarcodeDetector" in window)) { return Promise.resolve(jsqr); }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") < 0) { return jsqr; }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function () {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      };
    }).catch(function () { return jsqr; });
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    var decode = null;
    chooseDecoder()
      .then(function (chosen) {
        decode = chosen;
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        return video.play();
      })
      .then(function () {
        timer = window.setInterval(function () {
          decode().then(function (text) {
            if (text && timer) {
              input.value = text.trim().toUpperCase();
              stop();
              form.submit();
            }
          }).catch(function () { /* a frame that cannot be read: try the next */ });
        }, 250);
      })
      .catch(function () {
        stop();
        if (unavailable) { unavailable.hidden = false; }
        input.focus();
      });
  });
  window.addEventListener("pagehide", stop);
})();
