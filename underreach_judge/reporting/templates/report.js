(function () {
  var bar = document.getElementById("filters");
  if (!bar) return;
  bar.hidden = false;
  var label = document.getElementById("f-label"), pattern = document.getElementById("f-pattern");
  var text = document.getElementById("f-text"), count = document.getElementById("f-count");
  var items = Array.prototype.slice.call(document.querySelectorAll("details.conv"));
  function apply() {
    var q = text.value.toLowerCase(), shown = 0;
    items.forEach(function (d) {
      var ok = (!label.value || d.dataset.label === label.value) &&
        (!pattern.value || d.dataset.patterns.split(" ").indexOf(pattern.value) >= 0) &&
        (!q || d.textContent.toLowerCase().indexOf(q) >= 0);
      d.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + " of " + items.length + " shown";
  }
  [label, pattern, text].forEach(function (el) { el.addEventListener("input", apply); });
  document.getElementById("f-open").addEventListener("click", function () {
    items.forEach(function (d) { if (!d.hidden) d.open = true; });
  });
  document.getElementById("f-close").addEventListener("click", function () {
    items.forEach(function (d) { d.open = false; });
  });
  window.addEventListener("hashchange", function () {
    var el = document.getElementById(location.hash.slice(1));
    var d = el && el.closest("details");
    if (d) d.open = true;
  });
  apply();
})();
