/* Embed snippets in the admin: a click selects the whole snippet, ready to copy. */
document.addEventListener("click", function (event) {
  if (event.target.matches("textarea.snippet")) { event.target.select(); }
});
