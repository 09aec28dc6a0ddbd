/* Inviting a speaker from the timetable: "Select sessions" turns clicks (and Enter or Space)
   on the blocks the user may edit into a selection; the button opens the one invitation page
   (speakers' admin) with the selected sessions, which checks each of them again. */
(function () {
  "use strict";
  var root = document.getElementById("timetable");
  var form = document.getElementById("tt-invite");
  if (!root || !form) { return; }
  var toggle = form.querySelector(".tt-invite-toggle");
  var submit = form.querySelector(".tt-invite-submit");
  var count = form.querySelector(".tt-invite-count");
  var chosen = form.querySelector(".tt-invite-chosen");
  var selecting = false;

  function selectable(target) {
    var el = target.closest ? target.closest(".tt-block.tt-editable, .tt-tray-item.tt-editable") : null;
    return el && root.contains(el) ? el : null;
  }
  function selected() { return Array.prototype.slice.call(root.querySelectorAll(".tt-selected")); }
  function refresh() {
    var ids = selected().map(function (el) { return el.dataset.id; });
    chosen.textContent = "";
    ids.forEach(function (id) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "sessions";
      input.value = id;
      chosen.appendChild(input);
    });
    count.textContent = String(ids.length);
    submit.disabled = ids.length === 0;
  }
  function flip(el) {
    var on = !el.classList.contains("tt-selected");
    el.classList.toggle("tt-selected", on);
    el.setAttribute("aria-checked", on ? "true" : "false");
    refresh();
  }

  toggle.addEventListener("click", function () {
    selecting = !selecting;
    root.classList.toggle("tt-selecting", selecting);
    toggle.setAttribute("aria-pressed", selecting ? "true" : "false");
    root.querySelectorAll(".tt-block.tt-editable, .tt-tray-item.tt-editable").forEach(function (el) {
      if (selecting) { el.setAttribute("aria-checked", el.classList.contains("tt-selected") ? "true" : "false"); }
      else { el.removeAttribute("aria-checked"); }
    });
  });
  root.addEventListener("click", function (event) {
    var el = selecting && selectable(event.target);
    if (el) { event.preventDefault(); flip(el); }
  });
  // Captured before the timetable's own keys: while selecting, Enter and Space pick, never move.
  root.addEventListener("keydown", function (event) {
    var el = selecting && selectable(event.target);
    if (el && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      event.stopPropagation();
      flip(el);
    }
  }, true);
  refresh();
})();
