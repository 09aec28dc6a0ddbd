/* The organiser admin's dashboards: draws the charts the page describes in
   <script id="dashboard-charts" type="application/json"> (labels already in the
   visitor's language) with Apache ECharts, shipped in static/vendor/echarts; refreshes
   the check-ins every half minute. Tooltips are drawn on the canvas (renderMode
   "richText"), so no style attribute is written into the page. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var dataNode = document.getElementById("dashboard-charts");
  if (!dataNode) { return; }
  var charts = JSON.parse(dataNode.textContent);
  var settings = document.getElementById("dashboard-settings");
  var locale = settings ? settings.getAttribute("data-locale") : "EN";
  var drawn = {};
  var narrow = window.matchMedia("(max-width: 767px)").matches;

  function tooltip(trigger) {
    return { trigger: trigger || "axis", renderMode: "richText", confine: true };
  }
  function legend() {
    return { type: "scroll", top: 0 };
  }
  function grid(extra) {
    var base = { left: 8, right: 24, top: 40, bottom: 8, containLabel: true };
    for (var key in extra || {}) { base[key] = extra[key]; }
    return base;
  }
  function shorten(label) {
    var max = narrow ? 10 : 18;
    return label.length > max ? label.slice(0, max - 1) + "…" : label;
  }

  var builders = {
    timeline: function (c) {
      var series = c.series.map(function (s) {
        return { name: s.name, type: "line", stack: "registrations", areaStyle: {}, symbol: "none", step: "end", data: s.points };
      });
      if (c.previous) {
        series.push({ name: c.previous.name, type: "line", symbol: "none", step: "end", data: c.previous.points,
                      lineStyle: { type: "dashed", width: 2 }, itemStyle: { color: "#555" } });
      }
      return {
        tooltip: tooltip(), legend: legend(), grid: grid({ bottom: 28 }),
        xAxis: { type: "value", inverse: true, name: c.xName, nameLocation: "middle", nameGap: 26, minInterval: 1 },
        yAxis: { type: "value", name: c.yName, minInterval: 1 },
        series: series
      };
    },
    places: function (c) {
      var colours = ["#2f6fbd", "#e0a526", "#8e5bb5"];  // admitted, held, waiting
      var series = c.series.map(function (s, i) {
        return { name: s.name, type: "bar", stack: "places", data: s.values, itemStyle: { color: colours[i] } };
      });
      series.push({ name: c.capacity.name, type: "scatter", symbol: "rect", symbolSize: [4, 18],
                    itemStyle: { color: "#222" }, data: c.capacity.values });
      return {
        tooltip: tooltip(), legend: legend(), grid: grid(),
        yAxis: { type: "category", inverse: true, data: c.categories, axisLabel: { formatter: shorten } },
        xAxis: { type: "value", minInterval: 1 },
        series: series
      };
    },
    bars: function (c) {
      return {
        tooltip: tooltip(), grid: grid({ top: 16 }),
        yAxis: { type: "category", inverse: true, data: c.categories, axisLabel: { formatter: shorten } },
        xAxis: { type: "value", minInterval: 1 },
        series: [{ name: c.name, type: "bar", data: c.values }]
      };
    },
    columns: function (c) {
      return {
        tooltip: tooltip(), grid: grid({ top: 16 }),
        xAxis: { type: "category", data: c.categories },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ name: c.name, type: "bar", data: c.values, itemStyle: { color: "#2f6fbd" } }]
      };
    },
    pie: function (c) {
      return {
        tooltip: tooltip("item"), legend: legend(),
        series: [{ type: "pie", radius: ["35%", "65%"], top: 24, data: c.items,
                   label: { formatter: "{b}: {c} ({d}%)" } }]
      };
    },
    grouped: function (c) {
      return {
        tooltip: tooltip(), legend: legend(), grid: grid(),
        xAxis: { type: "category", data: c.categories },
        yAxis: { type: "value", minInterval: 1 },
        series: c.series.map(function (s) { return { name: s.name, type: "bar", data: s.values }; })
      };
    },
    rates: function (c) {
      return {
        tooltip: tooltip(), legend: legend(), grid: grid(),
        xAxis: { type: "category", data: c.categories },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        series: c.series.map(function (s) {
          return { name: s.name, type: "line", connectNulls: false, data: s.values };
        })
      };
    }
  };

  function empty(description) {
    var values = description.items || description.values || description.categories;
    return values !== undefined && values.length === 0;
  }

  function draw(id, description) {
    var node = document.getElementById(id);
    if (!node || !description || !builders[description.kind]) { return; }
    node.hidden = empty(description);  /* the table beside it says "none yet" */
    if (node.hidden) { return; }
    var chart = drawn[id] || window.echarts.init(node, null, { locale: locale, renderer: "canvas" });
    drawn[id] = chart;
    chart.setOption(builders[description.kind](description), true);
  }

  Object.keys(charts).forEach(function (id) { draw(id, charts[id]); });
  window.addEventListener("resize", function () {
    Object.keys(drawn).forEach(function (id) { drawn[id].resize(); });
  });

  /* Check-ins: fetch the section again (server-rendered, in the visitor's language). */
  var section = document.getElementById("check-ins");
  var figures = document.getElementById("check-ins-figures");
  if (!section || !figures) { return; }
  var url = section.getAttribute("data-refresh-url");
  var seconds = parseInt(section.getAttribute("data-refresh-seconds"), 10) || 30;
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        figures.innerHTML = html;
        var chartData = document.getElementById("check-in-chart");
        if (chartData) { draw("chart-check-ins", JSON.parse(chartData.textContent)); }
      })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }
  window.setInterval(refresh, seconds * 1000);
})();
