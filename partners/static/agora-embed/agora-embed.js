/*! Agora embeddable agenda. One <script> tag, no framework, reads only the public API.
 *
 *   <script src="https://agora.example.org/static/agora-embed/agora-embed.js"
 *           data-edition="EDITION-SLUG" data-lang="zh-hans" async></script>
 *
 * Optional: data-target="#element-id" renders into that element instead of
 * right after the script; data-api="<origin>" overrides the API origin.
 */
(function () {
  "use strict";

  var LABELS = {
    "zh-hans": { loading: "正在加载日程…", error: "日程暂时无法加载。", empty: "暂无日程。", all: "全部", other: "English", cancelled: "已取消", plenary: "主论坛" },
    en: { loading: "Loading the agenda…", error: "The agenda could not be loaded.", empty: "No sessions yet.", all: "All days", other: "中文", cancelled: "Cancelled", plenary: "Plenary" }
  };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text; // never innerHTML: texts come from the API
    return node;
  }

  function ensureStylesheet(base) {
    if (document.querySelector("link[data-agora-embed-css]")) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = base + "agora-embed.css";
    link.setAttribute("data-agora-embed-css", "");
    document.head.appendChild(link);
  }

  function formatter(lang, timeZone, options) {
    try {
      return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", Object.assign({ timeZone: timeZone }, options));
    } catch (e) {
      return new Intl.DateTimeFormat(undefined, options);
    }
  }

  function Agenda(root, api, edition, lang) {
    this.root = root;
    this.api = api;
    this.edition = edition;
    this.lang = LABELS[lang] ? lang : "zh-hans";
    this.day = null;
    this.data = null;
  }

  Agenda.prototype.load = function () {
    var self = this;
    var labels = LABELS[this.lang];
    this.root.setAttribute("aria-busy", "true");
    this.root.replaceChildren(el("p", "agora-status", labels.loading));
    var url = this.api + "/api/v1/editions/" + encodeURIComponent(this.edition) + "/agenda/?lang=" + this.lang;
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        self.data = data;
        if (self.day && data.days.indexOf(self.day) < 0) self.day = null;
        self.render();
      })
      .catch(function () {
        self.root.replaceChildren(el("p", "agora-status agora-error", labels.error));
      })
      .then(function () {
        self.root.setAttribute("aria-busy", "false");
      });
  };

  Agenda.prototype.render = function () {
    var self = this;
    var data = this.data;
    var labels = LABELS[this.lang];
    var tz = data.edition.time_zone;
    var timeFmt = formatter(this.lang, tz, { hour: "2-digit", minute: "2-digit", hour12: false });
    var dayFmt = formatter(this.lang, tz, { month: "long", day: "numeric", weekday: "short" });
    var container = el("div", "agora-agenda");
    container.lang = this.lang === "en" ? "en" : "zh-Hans";

    var header = el("div", "agora-header");
    header.appendChild(el("h2", "agora-title", data.edition.title));
    var toggle = el("button", "agora-lang", labels.other);
    toggle.type = "button";
    toggle.addEventListener("click", function () {
      self.lang = self.lang === "en" ? "zh-hans" : "en";
      self.load();
    });
    header.appendChild(toggle);
    container.appendChild(header);

    if (data.days.length > 1) {
      var tabs = el("div", "agora-days");
      tabs.setAttribute("role", "tablist");
      [null].concat(data.days).forEach(function (day) {
        var label = day ? dayFmt.format(new Date(day + "T12:00:00Z")) : labels.all;
        var tab = el("button", "agora-day" + (self.day === day ? " agora-active" : ""), label);
        tab.type = "button";
        tab.setAttribute("role", "tab");
        tab.setAttribute("aria-selected", String(self.day === day));
        tab.addEventListener("click", function () {
          self.day = day;
          self.render();
        });
        tabs.appendChild(tab);
      });
      container.appendChild(tabs);
    }

    var sessions = data.sessions.filter(function (s) {
      return !self.day || s.day === self.day;
    });
    if (!sessions.length) container.appendChild(el("p", "agora-status", labels.empty));
    var list = el("ol", "agora-sessions");
    var currentDay = null;
    sessions.forEach(function (s) {
      if (s.day !== currentDay) {
        currentDay = s.day;
        list.appendChild(el("li", "agora-day-heading", dayFmt.format(new Date(s.start))));
      }
      var item = el("li", "agora-session agora-kind-" + s.kind + (s.cancelled ? " agora-cancelled" : ""));
      item.appendChild(
        el("div", "agora-time", timeFmt.format(new Date(s.start)) + "–" + timeFmt.format(new Date(s.end)))
      );
      var body = el("div", "agora-body");
      body.appendChild(el("h3", "agora-session-title", s.title));
      var where = [];
      where.push(s.sub_forum ? s.sub_forum.title : labels.plenary);
      if (s.room) where.push(s.room.name);
      if (s.cancelled) where.push(labels.cancelled);
      body.appendChild(el("p", "agora-where", where.join(" · ")));
      if (s.speakers.length) {
        var people = el("ul", "agora-speakers");
        s.speakers.forEach(function (role) {
          if (role.speaker) people.appendChild(el("li", "agora-speaker agora-role-" + role.role, role.speaker.public_line));
        });
        body.appendChild(people);
      }
      item.appendChild(body);
      list.appendChild(item);
    });
    container.appendChild(list);
    this.root.replaceChildren(container);
  };

  function boot(script) {
    if (script.getAttribute("data-agora-booted")) return;
    script.setAttribute("data-agora-booted", "1");
    var src = script.src || "";
    var base = src.slice(0, src.lastIndexOf("/") + 1);
    var api = (script.getAttribute("data-api") || new URL(src, window.location.href).origin).replace(/\/$/, "");
    var edition = script.getAttribute("data-edition");
    if (!edition) return;
    ensureStylesheet(base);
    var target = script.getAttribute("data-target");
    var root = target ? document.querySelector(target) : null;
    if (!root) {
      root = el("div", "agora-embed");
      script.parentNode.insertBefore(root, script.nextSibling);
    }
    root.classList.add("agora-embed");
    new Agenda(root, api, edition, script.getAttribute("data-lang") || document.documentElement.lang || "zh-hans").load();
  }

  var scripts = document.currentScript ? [document.currentScript] : [];
  Array.prototype.forEach.call(document.querySelectorAll("script[data-edition][src*='agora-embed']"), function (s) {
    if (scripts.indexOf(s) < 0) scripts.push(s);
  });
  scripts.forEach(boot);
})();
