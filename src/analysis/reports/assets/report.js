// Report pages (analysis.reports.exporter): every table sorts by a click on its heading and
// filters by the words typed above it. No library, nothing fetched: the page stays self-contained.
(function () {
  "use strict";
  function value(cell) {
    var holder = cell.hasAttribute("data-v") ? cell : cell.querySelector("[data-v]");
    if (holder) {
      var v = holder.getAttribute("data-v");
      return v === "" ? null : parseFloat(v);
    }
    return cell.textContent.trim();
  }
  function empty(v) { return v === null || v === "" || (typeof v === "number" && isNaN(v)); }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b));
  }
  function sortable(table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) return;
    var heads = table.tHead.rows[table.tHead.rows.length - 1].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      th.setAttribute("aria-sort", "none");
      th.tabIndex = 0;
      function sort() {
        var up = th.getAttribute("aria-sort") !== "ascending";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r, s) {
          var a = value(r.cells[i]), b = value(s.cells[i]);
          if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : (empty(a) ? 1 : -1);  // empty cells last
          return up ? compare(a, b) : -compare(a, b);
        });
        rows.forEach(function (r) { body.appendChild(r); });
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  }
  function filterable(table) {
    var block = table.closest(".table-block");
    var tools = block && block.querySelector(".table-tools");
    var body = table.tBodies[0];
    if (!tools || !body || body.rows.length < 6) return;
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = tools.getAttribute("data-filter");
    input.setAttribute("aria-label", tools.getAttribute("data-filter"));
    var count = tools.querySelector(".rows");
    var template = tools.getAttribute("data-rows");
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var text = r.textContent.toLowerCase();
        var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
        r.hidden = !keep;
        if (keep) shown += 1;
      });
      if (count) count.textContent = template.replace("{n}", shown.toLocaleString("en"));
    });
    tools.insertBefore(input, tools.firstChild);
  }
  document.querySelectorAll("table.report-table").forEach(function (t) {
    sortable(t);
    filterable(t);
  });
})();
