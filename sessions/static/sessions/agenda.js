// The public agenda: mark the session on now (the cached page cannot know the time),
// and apply a filter as soon as it is chosen (the form still works without this).
(function () {
  "use strict";
  var agenda = document.querySelector(".agenda[data-now-label]");
  if (!agenda) return;

  function markNow() {
    var now = Date.now();
    var sessions = agenda.querySelectorAll(".session[data-start]");
    for (var i = 0; i < sessions.length; i++) {
      var item = sessions[i];
      var on = !item.classList.contains("cancelled") &&
        Date.parse(item.dataset.start) <= now && now < Date.parse(item.dataset.end);
      item.classList.toggle("now", on);
      var badge = item.querySelector(".now-badge");
      if (on && !badge) {
        badge = document.createElement("span");
        badge.className = "now-badge";
        badge.textContent = agenda.dataset.nowLabel;
        item.querySelector(".meta").prepend(badge);
      } else if (!on && badge) {
        badge.remove();
      }
    }
  }
  markNow();
  window.setInterval(markNow, 30000);

  var form = agenda.querySelector(".agenda-filters");
  if (form) {
    var selects = form.querySelectorAll("select");
    for (var j = 0; j < selects.length; j++) {
      selects[j].addEventListener("change", function () { form.submit(); });
    }
  }
})();
