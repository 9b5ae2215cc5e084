(function () {
  "use strict";
  var form = document.getElementById("filters");
  var q = document.getElementById("q");
  var status = document.getElementById("status");
  var outlet = document.getElementById("outlet");
  var shown = document.getElementById("shown");
  var claims = Array.prototype.slice.call(document.querySelectorAll("#claims > li"));
  var texts = claims.map(function (c) { return c.textContent.toLowerCase(); });
  var outlets = claims.map(function (c) {
    return Array.prototype.map.call(c.querySelectorAll("[data-outlet]"), function (e) {
      return e.getAttribute("data-outlet");
    });
  });
  function apply() {
    var needle = q.value.trim().toLowerCase();
    var n = 0;
    for (var i = 0; i < claims.length; i++) {
      var ok = (!status.value || claims[i].getAttribute("data-status") === status.value) &&
        (!outlet.value || outlets[i].indexOf(outlet.value) >= 0) &&
        (!needle || texts[i].indexOf(needle) >= 0);
      claims[i].hidden = !ok;
      if (ok) { n++; }
    }
    shown.textContent = n + " of " + claims.length + " claims shown";
    var params = new URLSearchParams();
    if (needle) { params.set("q", q.value.trim()); }
    if (status.value) { params.set("status", status.value); }
    if (outlet.value) { params.set("outlet", outlet.value); }
    try {
      history.replaceState(null, "", "#" + params.toString());
    } catch (e) { /* some file: URLs refuse it; the filter still works */ }
  }
  // A filtered view can be shared as a link: #q=...&status=...&outlet=...
  var initial = new URLSearchParams(location.hash.slice(1));
  q.value = initial.get("q") || "";
  status.value = initial.get("status") || "";
  outlet.value = initial.get("outlet") || "";
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
