// The print button of printable notices (no inline scripts: CSP). Confirmations: web/confirm.js.
document.addEventListener("click", function (event) {
  if (event.target && event.target.hasAttribute && event.target.hasAttribute("data-print")) {
    window.print();
  }
});
