// Confirmation for irreversible case actions and the print button (no inline scripts: CSP).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute && form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
document.addEventListener("click", function (event) {
  if (event.target && event.target.hasAttribute && event.target.hasAttribute("data-print")) {
    window.print();
  }
});
