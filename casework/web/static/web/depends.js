// Fields needed only for some answers of another field carry data-depends-on (that field's name)
// and data-depends-values (the answers that need them). Without this script every field shows and
// the server says which are required; with it the others stay out of the way until chosen.
(function () {
  function control(form, name) {
    var checked = form.querySelector('[name="' + name + '"]:checked');
    if (checked) return checked.value;
    var el = form.querySelector('[name="' + name + '"]');
    return el && el.type !== "radio" && el.type !== "checkbox" ? el.value : "";
  }
  function refresh(form) {
    var fields = form.querySelectorAll("[data-depends-on]");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      var wanted = (field.getAttribute("data-depends-values") || "").split(" ");
      // Several fields named (space-separated): shown when any of them takes one of the values.
      var names = (field.getAttribute("data-depends-on") || "").split(" ");
      var shown = false;
      for (var j = 0; j < names.length; j++) {
        if (wanted.indexOf(control(form, names[j])) !== -1) shown = true;
      }
      var box = field.closest("p, .field, div") || field;
      // A field the user already filled in stays visible: nothing typed is hidden away.
      var filled = field.type === "checkbox" ? field.checked : !!field.value;
      box.hidden = !shown && !filled;
    }
  }
  function refreshAll() {
    var forms = document.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) {
      if (forms[i].querySelector("[data-depends-on]")) refresh(forms[i]);
    }
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.form) refresh(event.target.form);
  });
  document.addEventListener("DOMContentLoaded", refreshAll);
})();
