// Submits a form when a <select data-autosubmit> changes (the language switch).
// A static file instead of an inline onchange= handler: the CSP allows no inline scripts.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) {
    el.form.submit();
  }
});
