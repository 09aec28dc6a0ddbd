/* Venue screens: draw a room's now / next (or every room's, on the lobby board)
   from the small JSON endpoint named by the page, and ask it again every few
   seconds with If-None-Match; an unchanged board answers 304 and nothing is
   redrawn. Texts are shown in the visitor's language with the other beneath. */
(function () {
  "use strict";
  var body = document.body;
  if (!body || !body.hasAttribute("data-screen")) { return; }
  var url = body.getAttribute("data-url");
  var refresh = Math.max(2, parseInt(body.getAttribute("data-refresh"), 10) || 15) * 1000;
  var primary = body.getAttribute("data-primary");
  var secondary = body.getAttribute("data-secondary");
  var timeZone = body.getAttribute("data-time-zone");
  var labels = JSON.parse(body.getAttribute("data-labels") || "{}");
  var status = document.querySelector("[data-status]");
  var clock = document.querySelector("[data-clock]");
  var etag = null;
  var skew = 0; // the server's clock minus this one, from the Date header

  function el(tag, className, text, lang) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    if (lang) { node.lang = lang; }
    return node;
  }

  // A text in both languages: the visitor's, and the other when it differs.
  function both(tag, className, values) {
    var box = el("div", className);
    var first = values ? values[primary] || "" : "";
    var second = values ? values[secondary] || "" : "";
    box.appendChild(el(tag, "primary", first));
    if (second && second !== first) { box.appendChild(el(tag, "secondary", second, secondary)); }
    return box;
  }

  function label(key) {
    var values = labels[key] || {};
    var box = el("p", "label");
    box.appendChild(el("span", "primary", values[primary] || ""));
    if (values[secondary] && values[secondary] !== values[primary]) {
      box.appendChild(document.createTextNode(" "));
      box.appendChild(el("span", "secondary", values[secondary], secondary));
    }
    return box;
  }

  function hhmm(iso) { return iso.slice(11, 16); } // local to the edition: "2022-07-06T09:00:00+08:00"

  function session(item, detailed) {
    var card = el("article", "session" + (item.cancelled ? " cancelled" : ""));
    card.setAttribute("data-guid", item.guid);
    var when = el("p", "when");
    when.appendChild(el("time", "time", hhmm(item.start) + "–" + hhmm(item.end)));
    when.appendChild(el("span", "kind", item.kind[primary] || ""));
    if (item.cancelled) { when.appendChild(el("span", "badge", (labels.cancelled || {})[primary] || "")); }
    card.appendChild(when);
    card.appendChild(both("h3", "title", item.title));
    if (detailed) {
      item.speakers.forEach(function (speaker) { card.appendChild(both("p", "speaker", speaker)); });
      if (item.sub_forum) { card.appendChild(both("p", "sub-forum", item.sub_forum)); }
    } else if (item.speakers.length) {
      card.appendChild(el("p", "speaker primary", item.speakers.map(function (s) { return s[primary]; }).join(" · ")));
    }
    return card;
  }

  function fill(slot, key, item, emptyKey, detailed) {
    if (!slot) { return; }
    slot.replaceChildren(label(key));
    if (item) { slot.appendChild(session(item, detailed)); }
    else { slot.appendChild(label(emptyKey)).classList.add("empty"); }
  }

  function drawRoom(data) {
    fill(document.querySelector("[data-slot=now]"), "now", data.now, "nothing_now", true);
    fill(document.querySelector("[data-slot=next]"), "next", data.next, "nothing_next", true);
    var later = document.querySelector("[data-slot=later]");
    later.replaceChildren();
    if (data.later.length) {
      later.appendChild(label("later"));
      data.later.forEach(function (item) { later.appendChild(session(item, false)); });
    }
  }

  function drawLobby(data) {
    data.rooms.forEach(function (room) {
      var card = document.querySelector("[data-room='" + room.id + "']");
      if (!card) { return; } // a room new in this version: the page's next load shows it
      fill(card.querySelector("[data-slot=now]"), "now", room.now, "nothing_now", false);
      fill(card.querySelector("[data-slot=next]"), "next", room.next, "nothing_next", false);
    });
  }

  function draw(data) {
    if (data.rooms) { drawLobby(data); } else { drawRoom(data); }
    body.setAttribute("data-version", data.version);
  }

  function offline(on) {
    if (!status) { return; }
    status.hidden = !on;
    status.textContent = on ? (labels.offline || {})[primary] || "" : "";
  }

  function ask() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        var date = Date.parse(response.headers.get("Date") || "");
        if (!isNaN(date)) { skew = date - Date.now(); }
        if (response.status === 304) { offline(false); return null; }
        if (!response.ok) { throw new Error(String(response.status)); }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        if (data) { draw(data); offline(false); }
      })
      .catch(function () { offline(true); })
      .then(function () { window.setTimeout(ask, refresh); });
  }

  var format = null;
  try {
    format = new Intl.DateTimeFormat(primary, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: timeZone });
  } catch (error) { format = null; }
  function tick() {
    if (clock && format) { clock.textContent = format.format(new Date(Date.now() + skew)); }
  }

  var button = document.querySelector("[data-fullscreen]");
  if (button && document.fullscreenEnabled) {
    button.hidden = false;
    button.addEventListener("click", function () { document.documentElement.requestFullscreen(); });
    document.addEventListener("fullscreenchange", function () { button.hidden = !!document.fullscreenElement; });
  }

  tick();
  window.setInterval(tick, 1000);
  ask();
}());
