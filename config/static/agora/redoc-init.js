// Starts Redoc on the API reference page (templates/drf_spectacular/redoc.html).
// A file of its own, not an inline script: the Content-Security-Policy allows only our scripts.
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  var settings = JSON.parse(document.getElementById("redoc-settings").textContent || "{}");
  var font = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif";
  settings.theme = settings.theme || {};
  settings.theme.typography = settings.theme.typography || { fontFamily: font, headings: { fontFamily: font } };
  Redoc.init(container.getAttribute("data-schema-url"), settings, container);
})();
