/* Starring sessions (self-service pages): each star is a small form that works
   without this script (the page reloads); with it, the form is sent in the
   background and the button flips, so the list stays where the thumb left it. */
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-star]"));
  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch) { return; }
      event.preventDefault();
      var button = form.querySelector("button");
      var field = form.querySelector("input[name=starred]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) {
          var on = !!data.starred;
          button.setAttribute("aria-pressed", on ? "true" : "false");
          button.classList.toggle("on", on);
          button.textContent = button.getAttribute(on ? "data-on" : "data-off");
          field.value = on ? "0" : "1";
          form.closest("li").classList.toggle("starred", on);
        })
        .catch(function () { form.submit(); }) // let the page say what went wrong
        .then(function () { button.disabled = false; });
    });
  });
}());
