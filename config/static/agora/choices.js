/* Sub-forum choices (registration and self-service pages): a sub-forum at the same
   time as one already ticked, or any beyond the edition's maximum, is greyed out
   with the reason beside it. The server checks the same rules; this only saves a
   round trip. Times and texts come from the checkboxes' data attributes. */
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][data-start]"));
  if (!boxes.length) { return; }
  var max = parseInt(boxes[0].getAttribute("data-max"), 10) || 0;
  var clashText = boxes[0].getAttribute("data-clash") || "";
  var fullText = boxes[0].getAttribute("data-full") || "";

  function span(box) { return [Date.parse(box.getAttribute("data-start")), Date.parse(box.getAttribute("data-end"))]; }
  function overlap(a, b) { var x = span(a), y = span(b); return x[0] < y[1] && y[0] < x[1]; }
  function title(box) {
    var label = document.querySelector("label[for='" + box.id + "']");
    var text = label ? label.textContent.split(" · ")[0] : "";
    // In quotation marks, unless the title begins with its own (as attendees.services.quoted does).
    return /^[“"「『《‘']/.test(text) ? text : "“" + text + "”";
  }
  function note(box, text) {
    var id = box.id + "_note";
    var element = document.getElementById(id);
    if (!element && text) {
      element = document.createElement("span");
      element.id = id;
      element.className = "muted choice-note";
      box.parentNode.appendChild(element);
    }
    if (element) { element.textContent = text ? " — " + text : ""; }
    var described = (box.getAttribute("aria-describedby") || "").split(" ").filter(function (ref) { return ref && ref !== id; });
    if (text) { described.push(id); }
    if (described.length) { box.setAttribute("aria-describedby", described.join(" ")); } else { box.removeAttribute("aria-describedby"); }
  }
  function update() {
    var chosen = boxes.filter(function (box) { return box.checked; });
    boxes.forEach(function (box) {
      var clash = box.checked ? null : chosen.filter(function (other) { return overlap(other, box); })[0];
      var full = !box.checked && max > 0 && chosen.length >= max;
      box.disabled = Boolean(clash || full);
      note(box, clash ? clashText.replace("%(title)s", title(clash)) : (full ? fullText : ""));
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
