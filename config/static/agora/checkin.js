/* Check-in: scan a ticket's QR code with the phone camera where the browser
   has the BarcodeDetector API; typing the code always works. No external code. */
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var button = document.getElementById("scan-button");
  var video = document.getElementById("scan-video");
  var unavailable = document.getElementById("scan-unavailable");
  if (!form || !button || !video) { return; }
  var input = form.querySelector("input[name=code]");
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    if (unavailable) { unavailable.hidden = false; }
    return;
  }
  button.hidden = false;
  var stream = null;
  var timer = null;

  function stop() {
    if (timer) { window.clearInterval(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        return video.play();
      })
      .then(function () {
        timer = window.setInterval(function () {
          detector.detect(video).then(function (codes) {
            if (codes.length && codes[0].rawValue) {
              input.value = codes[0].rawValue.trim().toUpperCase();
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
