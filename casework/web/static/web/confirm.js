// Asks before any form marked data-confirm is sent: irreversible steps (a decision, a conclusion,
// discipline) need a second yes. A static file, not inline script, because of the CSP.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute && form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
