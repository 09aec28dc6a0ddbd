/* The organisers' timetable (workspace.timetable): day tabs, dragging and resizing blocks
   with interact.js (mouse, pen or finger), the same moves from the keyboard, and the tray of
   sessions not placed.
   Every move is posted to the server, which applies the session form's rules; a refused
   move puts the block back and says why. */
(function () {
  "use strict";
  var root = document.getElementById("timetable");
  if (!root) { return; }
  document.documentElement.classList.add("js");

  var SLOT = parseInt(root.dataset.slot, 10) || 5;
  var moveUrl = root.dataset.moveUrl;
  var roomIds = (root.dataset.rooms || "").split(",").filter(Boolean);
  var csrfInput = root.querySelector("input[name=csrfmiddlewaretoken]");
  var status = document.getElementById("tt-status");
  var tray = root.querySelector(".tt-tray-list");
  var trayBox = root.querySelector(".tt-tray");
  var scroller = root.querySelector(".tt-scroll");
  var tabs = Array.prototype.slice.call(root.querySelectorAll(".tt-day-tab"));
  var days = Array.prototype.slice.call(root.querySelectorAll(".tt-day"));
  var roomNames = {};
  if (days.length) {
    days[0].querySelectorAll(".tt-room").forEach(function (el) { roomNames[el.dataset.room] = el.textContent; });
  }
  var text = {
    saving: root.dataset.saving || "…",
  };

  // --- numbers -------------------------------------------------------------------------
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function hhmm(minute) { return pad(Math.floor(minute / 60)) + ":" + pad(minute % 60); }
  function minutesOf(value) { var p = value.split(":"); return parseInt(p[0], 10) * 60 + parseInt(p[1], 10); }
  function slotPx() { return parseFloat(getComputedStyle(root).getPropertyValue("--slot")) || 6; }
  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }
  function snap(minute) { return Math.round(minute / SLOT) * SLOT; }

  function dayByDate(date) {
    for (var i = 0; i < days.length; i++) { if (days[i].dataset.date === date) { return days[i]; } }
    return null;
  }
  function visibleDay() { return days.filter(function (d) { return !d.hidden; })[0] || days[0]; }

  function say(message, kind) {
    var className = "tt-status" + (kind ? " tt-" + kind : "") + (status.classList.contains("tt-held") ? " tt-held" : "");
    if (status.textContent !== message) { status.textContent = message; }
    if (status.className !== className) { status.className = className; }
  }

  // --- day tabs ------------------------------------------------------------------------
  function showDay(date) {
    days.forEach(function (d) { d.hidden = d.dataset.date !== date; });
    tabs.forEach(function (t) { t.setAttribute("aria-selected", t.dataset.day === date ? "true" : "false"); });
  }
  tabs.forEach(function (tab) {
    tab.addEventListener("click", function () { showDay(tab.dataset.day); });
  });
  if (tabs.length) { showDay(tabs[0].dataset.day); }

  // --- where a block is, and where it would go -----------------------------------------
  function placeOf(el) {
    var day = el.closest(".tt-day");
    return {
      date: day ? day.dataset.date : el.dataset.date,
      start: minutesOf(el.dataset.start),
      end: minutesOf(el.dataset.end) || 24 * 60,
      room: el.dataset.room || "",
      spanning: el.dataset.spanning === "1",
    };
  }

  function columnAt(day, x) {
    var heads = day.querySelectorAll(".tt-room");
    for (var i = 0; i < heads.length; i++) {
      var r = heads[i].getBoundingClientRect();
      if (x >= r.left && x < r.right) { return heads[i].dataset.room; }
    }
    return null;
  }

  function minuteAtTop(day, top) {
    var head = day.querySelector(".tt-room, .tt-corner").getBoundingClientRect();
    return parseInt(day.dataset.first, 10) + snap(((top - head.bottom) / slotPx()) * SLOT);
  }

  function label(place) {
    var where = place.spanning ? (root.dataset.allRooms || "") : (roomNames[place.room] || root.dataset.noRoom || "");
    return place.date + " " + hhmm(place.start) + "–" + hhmm(place.end) + (where ? ", " + where : "");
  }

  // --- drawing a block at a place --------------------------------------------------------
  function draw(el, place) {
    el.dataset.start = hhmm(place.start);
    el.dataset.end = hhmm(place.end % (24 * 60));
    el.dataset.room = place.room || "";
    el.dataset.date = place.date;
    var time = el.querySelector(".tt-time");
    if (time) { time.textContent = hhmm(place.start) + "–" + hhmm(place.end % (24 * 60)); }
    if (!place.spanning && !place.room) {
      if (tray && el.parentNode !== tray) {
        var li = document.createElement("li");
        tray.appendChild(li);
        li.appendChild(el);
      }
      el.classList.remove("tt-block");
      el.classList.add("tt-tray-item");
      el.style.gridColumn = el.style.gridRow = "";
      if (time) { time.textContent = place.date.slice(5) + " " + time.textContent; }
      return true;
    }
    var day = dayByDate(place.date);
    if (!day) { return false; }
    var first = parseInt(day.dataset.first, 10), last = parseInt(day.dataset.last, 10);
    if (place.start < first || place.end > last) { return false; }  // beyond the drawn hours: redraw the page
    var column = place.spanning ? 2 : roomIds.indexOf(String(place.room)) + 2;
    if (column < 2) { return false; }
    if (el.parentNode !== day) {
      var oldLi = el.parentNode && el.parentNode.tagName === "LI" ? el.parentNode : null;
      day.appendChild(el);
      if (oldLi) { oldLi.remove(); }
    }
    el.classList.remove("tt-tray-item");
    el.classList.add("tt-block");
    el.style.gridColumn = column + " / " + (place.spanning ? roomIds.length + 2 : column + 1);
    el.style.gridRow = (2 + (place.start - first) / SLOT) + " / " + (2 + (place.end - first) / SLOT);
    el.style.setProperty("--lane", "0");
    el.style.setProperty("--lanes", "1");
    return true;
  }

  // --- saving ----------------------------------------------------------------------------
  function save(el, place, previous) {
    var body = new URLSearchParams();
    body.set("session", el.dataset.id);
    body.set("start", place.date + "T" + hhmm(place.start));
    var endDate = place.date;
    var endMinute = place.end;
    if (endMinute >= 24 * 60) {
      var d = new Date(place.date + "T00:00:00Z");
      d.setUTCDate(d.getUTCDate() + 1);
      endDate = d.toISOString().slice(0, 10);
      endMinute -= 24 * 60;
    }
    body.set("end", endDate + "T" + hhmm(endMinute));
    body.set("room", place.spanning ? "" : (place.room || ""));
    el.setAttribute("aria-busy", "true");
    say(text.saving);
    return fetch(moveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfInput ? csrfInput.value : "", "Accept": "application/json" },
      body: body,
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      el.removeAttribute("aria-busy");
      if (result.ok) {
        var s = result.data.session;
        var now = { date: s.date, start: s.start, end: s.end, room: s.room ? String(s.room) : "", spanning: s.spanning };
        if (!draw(el, now)) { window.location.reload(); return; }
        el.dataset.spanning = s.spanning ? "1" : "";
        el.classList.add("tt-changed");
        say(result.data.message, "ok");
      } else {
        if (previous) { draw(el, previous); }
        el.classList.remove("tt-refused");
        void el.offsetWidth;
        el.classList.add("tt-refused");
        say(result.data.message || "Error", "error");
      }
      el.focus({ preventScroll: true });
    }).catch(function () {
      el.removeAttribute("aria-busy");
      if (previous) { draw(el, previous); }
      say(root.dataset.failed || "Not saved.", "error");
    });
  }

  // --- dragging and resizing (interact.js) -----------------------------------------------
  // A drag writes nothing that lays the grid out again: the block's transform, one drop mark's
  // background and the status line, held at its height; so reading where the pointer is on the
  // next move stays cheap however many blocks the page holds.
  var dropMark = null;
  function mark(el) {
    if (el === dropMark) { return; }
    if (dropMark) { dropMark.classList.remove("tt-drop-over"); }
    dropMark = el || null;
    if (dropMark) { dropMark.classList.add("tt-drop-over"); }
  }
  function clearMarks() { mark(null); }
  function hold(on) {
    if (on) {
      status.style.height = status.offsetHeight + "px";
      status.classList.add("tt-held");
    } else {
      status.classList.remove("tt-held");
      status.style.height = "";
    }
  }
  var offset = { x: 0, y: 0 };

  function under(box, x, y) {
    var r = box.getBoundingClientRect();
    return x >= r.left && x < r.right && y >= r.top && y < r.bottom;
  }

  function targetOf(el, event) {
    // Where the block would land: its top edge gives the time, the pointer the room (or the tray, or a day tab).
    var place = placeOf(el);
    var length = place.end - place.start;
    // Found by the boxes of the few things a block can be dropped on, not by hit-testing the page.
    var x = event.client.x, y = event.client.y;
    var tab = tabs.filter(function (t) { return under(t, x, y); })[0] || null;
    var overTray = !!trayBox && under(trayBox, x, y);
    var day = visibleDay();
    if (!day || !under(scroller, x, y) || !under(day, x, y)) { day = null; }
    if (tab) {
      return { element: tab, place: { date: tab.dataset.day, start: place.start, end: place.end, room: place.room || roomIds[0], spanning: place.spanning } };
    }
    if (overTray) {
      if (place.spanning) { return null; }
      return { element: trayBox, place: { date: place.date, start: place.start, end: place.end, room: "", spanning: false } };
    }
    if (!day) { return null; }
    var top = el.getBoundingClientRect().top;
    var start = minuteAtTop(day, top);
    var first = parseInt(day.dataset.first, 10), last = parseInt(day.dataset.last, 10);
    start = clamp(start, first, Math.max(first, last - length));
    var room = place.spanning ? "" : columnAt(day, event.client.x);
    if (!place.spanning && !room) { return null; }
    var column = room ? day.querySelectorAll(".tt-col")[roomIds.indexOf(room)] : null;
    return { element: column, place: { date: day.dataset.date, start: start, end: start + length, room: room || "", spanning: place.spanning } };
  }

  function startDrag(event) {
    offset = { x: 0, y: 0 };
    hold(true);
    event.target.classList.add("tt-dragging");
  }
  function moveDrag(event) {
    var el = event.target;
    offset.x += event.dx;
    offset.y += event.dy;
    el.style.transform = "translate(" + offset.x + "px, " + offset.y + "px)";
    var target = targetOf(el, event);
    mark(target && target.element);
    if (target) { say(el.querySelector(".tt-title").textContent + " → " + label(target.place)); }
  }
  function endDrag(event) {
    var el = event.target;
    var target = targetOf(el, event);
    var previous = placeOf(el);
    clearMarks();
    hold(false);
    el.classList.remove("tt-dragging");
    el.style.transform = "";
    if (!target) { say(""); return; }
    var p = target.place;
    if (p.date === previous.date && p.start === previous.start && String(p.room) === String(previous.room) && el.classList.contains("tt-block")) {
      say("");
      return;
    }
    if (target.element && target.element.classList.contains("tt-day-tab")) { showDay(p.date); }
    if (!draw(el, p)) { draw(el, previous); }
    save(el, p, previous);
  }

  function resizeMove(event) {
    var el = event.target;
    el.style.height = event.rect.height + "px";
    el.style.alignSelf = "start";
    var place = placeOf(el);
    var end = place.start + Math.max(SLOT, snap((event.rect.height / slotPx()) * SLOT));
    say(el.querySelector(".tt-title").textContent + " → " + hhmm(place.start) + "–" + hhmm(end % (24 * 60)));
  }
  function resizeEnd(event) {
    var el = event.target;
    hold(false);
    var previous = placeOf(el);
    var end = previous.start + Math.max(SLOT, snap((event.rect.height / slotPx()) * SLOT));
    var day = el.closest(".tt-day");
    end = Math.min(end, parseInt(day.dataset.last, 10));
    el.style.height = "";
    el.style.alignSelf = "";
    if (end === previous.end) { say(""); return; }
    var place = { date: previous.date, start: previous.start, end: end, room: previous.room, spanning: previous.spanning };
    draw(el, place);
    save(el, place, previous);
  }

  if (window.interact) {
    // One interactable for every movable block: near the lower edge a press resizes, elsewhere it drags.
    window.interact(".tt-editable")
      .draggable({ autoScroll: true, listeners: { start: startDrag, move: moveDrag, end: endDrag } })
      .resizable({
        edges: { bottom: true, top: false, left: false, right: false },
        margin: 6,
        listeners: { start: function () { hold(true); }, move: resizeMove, end: resizeEnd },
      })
      .actionChecker(function (pointer, event, action, interactable, element) {
        if (action && action.name === "resize" && !element.classList.contains("tt-block")) { return { name: "drag" }; }
        return action;
      })
      // The cursors are the stylesheet's: interact.js would set one on <html> as a drag starts
      // and ends, and so restyle every element of the page twice per drag.
      .styleCursor(false);
  }

  // --- the keyboard: Enter picks a block up, arrows move it, Shift+↑/↓ change its length ----
  var moving = null;
  function describeMove() {
    say(moving.el.querySelector(".tt-title").textContent + " → " + label(moving.place) + ". " + (root.dataset.keysHint || ""));
  }
  function pickUp(el) {
    var previous = placeOf(el);
    var place = Object.assign({}, previous);
    if (el.classList.contains("tt-tray-item")) {
      var day = visibleDay();
      place.room = roomIds[0];
      var length = place.end - place.start;
      if (place.date !== day.dataset.date || place.start < parseInt(day.dataset.first, 10) || place.start + length > parseInt(day.dataset.last, 10)) {
        place.date = day.dataset.date;
        place.start = parseInt(day.dataset.first, 10) + 60;
        place.end = place.start + length;
      }
      if (!draw(el, place)) { return; }
      el.focus();
    }
    moving = { el: el, previous: previous, place: place };
    el.classList.add("tt-moving");
    el.setAttribute("aria-pressed", "true");
    describeMove();
  }
  function putDown(commit) {
    var m = moving;
    moving = null;
    m.el.classList.remove("tt-moving");
    m.el.removeAttribute("aria-pressed");
    var p = m.place, q = m.previous;
    var same = p.date === q.date && p.start === q.start && p.end === q.end && String(p.room) === String(q.room);
    if (!commit || same) {
      draw(m.el, q);
      say(commit ? "" : (root.dataset.cancelled || ""));
      m.el.focus();
      return;
    }
    save(m.el, p, q);
  }
  function shift(dStart, dEnd, dRoom, dDay) {
    var p = Object.assign({}, moving.place);
    var length = p.end - p.start;
    if (dDay) {
      var index = days.indexOf(dayByDate(p.date)) + dDay;
      if (index < 0 || index >= days.length) { return; }
      p.date = days[index].dataset.date;
      showDay(p.date);
    }
    var day = dayByDate(p.date);
    var first = parseInt(day.dataset.first, 10), last = parseInt(day.dataset.last, 10);
    if (dRoom && !p.spanning) {
      var at = clamp(roomIds.indexOf(String(p.room)) + dRoom, 0, roomIds.length - 1);
      p.room = roomIds[at];
    }
    if (dStart) {
      p.start = clamp(p.start + dStart, first, last - length);
      p.end = p.start + length;
    }
    if (dEnd) { p.end = clamp(p.end + dEnd, p.start + SLOT, last); }
    if (draw(moving.el, p)) {
      moving.place = p;
      moving.el.focus({ preventScroll: false });
      moving.el.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
    describeMove();
  }
  root.addEventListener("keydown", function (event) {
    var el = event.target.closest ? event.target.closest(".tt-block, .tt-tray-item") : null;
    if (!el) { return; }
    if (!moving) {
      if ((event.key === "Enter" || event.key === " ") && el.classList.contains("tt-editable")) {
        event.preventDefault();
        pickUp(el);
      }
      return;
    }
    if (moving.el !== el) { return; }
    var handled = true;
    switch (event.key) {
      case "ArrowUp": if (event.shiftKey) { shift(0, -SLOT, 0, 0); } else { shift(-SLOT, 0, 0, 0); } break;
      case "ArrowDown": if (event.shiftKey) { shift(0, SLOT, 0, 0); } else { shift(SLOT, 0, 0, 0); } break;
      case "ArrowLeft": shift(0, 0, -1, 0); break;
      case "ArrowRight": shift(0, 0, 1, 0); break;
      case "PageUp": shift(0, 0, 0, -1); break;
      case "PageDown": shift(0, 0, 0, 1); break;
      case "Enter": case " ": putDown(true); break;
      case "Escape": putDown(false); break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });
  root.addEventListener("focusout", function (event) {
    if (moving && event.target === moving.el && !moving.el.contains(event.relatedTarget) && event.relatedTarget) { putDown(false); }
  });
})();
