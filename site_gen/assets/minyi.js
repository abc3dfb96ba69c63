/* Minyi Ledger: the suggestions list (filters over per-year JSON) and the id/title finder.
   No framework, no external request: data files sit next to the pages. Record text is
   always inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var cfgEl = document.getElementById("__config");
  var base = (cfgEl ? JSON.parse(cfgEl.textContent).base : ".").replace(/\/?$/, "/");

  function getJSON(path) {
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  /* ---------- suggestions list ---------- */
  function initList(root) {
    var form = root.querySelector(".mi-filters");
    var tbody = root.querySelector("tbody");
    var count = root.querySelector(".mi-count");
    var more = root.querySelector(".mi-more");
    var tpl = root.querySelector("template.mi-row-template");
    var box = root.querySelector(".mi-filter-box");
    var chosen = root.querySelector(".mi-filter-count");
    var preset = root.getAttribute("data-preset-stage") || "";
    var PAGE = 100, shown = PAGE, index = null, cache = {}, F = {};
    var LABEL = {};

    var params = new URLSearchParams(location.search);
    params.forEach(function (v, k) {
      var c = form.elements[k];
      if (!c) return;
      if (c.type === "checkbox") c.checked = v === "1"; else c.value = v;
    });

    function years() {
      var y = form.elements.year.value;
      if (y) return [y];
      return Object.keys(index.years);
    }
    function load() {
      return Promise.all(years().map(function (y) {
        if (!cache[y]) cache[y] = Promise.all(index.years[y].files.map(function (f) { return getJSON("data/list/" + f); }))
          .then(function (parts) { return [].concat.apply([], parts); });   /* a big year comes in parts */
        return cache[y];
      })).then(function (parts) { return [].concat.apply([], parts); });
    }
    function matches(row) {
      var v = function (name) { return form.elements[name].value; };
      if (preset && row[F.stage] !== preset) return false;
      if (v("status") && row[F.status] !== v("status")) return false;
      if (v("category") && row[F.category] !== v("category")) return false;
      if (v("street") && row[F.street] !== v("street")) return false;
      if (v("lead") && row[F.lead] !== v("lead")) return false;
      if (form.elements.overdue.checked && !row[F.overdue]) return false;
      if (form.elements.key.checked && !row[F.key]) return false;
      var q = v("q").trim().toLowerCase();
      var known = [row[F.id], row[F.title], row[F.street], row[F.place], row[F.summary]].join(" ");
      if (q && known.toLowerCase().indexOf(q) < 0) return false;
      return true;
    }
    function sorter() {
      var s = form.elements.sort.value;
      if (s === "received-asc") return function (a, b) { return a[F.received] < b[F.received] ? -1 : a[F.received] > b[F.received] ? 1 : (a[F.id] < b[F.id] ? -1 : 1); };
      if (s === "days-desc") return function (a, b) { return (b[F.days_open] - a[F.days_open]) || (a[F.id] < b[F.id] ? -1 : 1); };
      if (s === "deadline-asc") return function (a, b) {
        var x = a[F.deadline] || "9999", y = b[F.deadline] || "9999";
        return x < y ? -1 : x > y ? 1 : (a[F.id] < b[F.id] ? -1 : 1);
      };
      return function (a, b) { return a[F.received] > b[F.received] ? -1 : a[F.received] < b[F.received] ? 1 : (a[F.id] > b[F.id] ? -1 : 1); };
    }
    /* A row is a copy of the page's own <template>, the markup the server renders rows with
       (kinds/suggestion_list.html), filled by the data-f names: one card, two renderers. */
    function row(r) {
      var tr = tpl.content.firstElementChild.cloneNode(true);
      Array.prototype.forEach.call(tr.querySelectorAll("[data-f]"), function (e) {
        var name = e.getAttribute("data-f"), v = r[F[name]];
        if (name === "overdue" || name === "key") { e.hidden = !v; return; }
        e.textContent = v === "" || v === null || v === undefined ? "—" : String(v);
        if (e.tagName === "A") e.href = base + r[F.url];
        if (name === "label") e.className = "mi-badge mi-s-" + r[F.status];
      });
      return tr;
    }
    function countChosen() {
      var n = Array.prototype.filter.call(form.elements, function (c) {
        if (!c.name || c.name === "sort") return false;
        return c.type === "checkbox" ? c.checked : !!c.value;
      }).length;
      chosen.textContent = n ? "（已选 " + n + " 项）" : "";
    }
    function render() {
      return load().then(function (rows) {
        var hits = rows.filter(matches).sort(sorter());
        tbody.textContent = "";
        var frag = document.createDocumentFragment();
        hits.slice(0, shown).forEach(function (r) { frag.appendChild(row(r)); });
        tbody.appendChild(frag);
        count.textContent = "共 " + hits.length + " 条" + (hits.length > shown ? "，显示前 " + shown + " 条" : "");
        count.setAttribute("data-count", String(hits.length));
        more.hidden = hits.length <= shown;
      }).catch(function (e) { count.textContent = "数据加载失败：" + e.message; });
    }
    function changed() {
      shown = PAGE;
      countChosen();
      var p = new URLSearchParams();
      Array.prototype.forEach.call(form.elements, function (c) {
        if (!c.name) return;
        if (c.type === "checkbox") { if (c.checked) p.set(c.name, "1"); }
        else if (c.value && !(c.name === "sort" && c.value === "received-desc")) p.set(c.name, c.value);
      });
      var qs = p.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
      render();
    }
    box.hidden = false;   /* the filters work only with the script: shown by it, open on wide screens */
    if (window.matchMedia("(min-width: 60em)").matches) box.open = true;
    countChosen();
    getJSON("data/list/index.json").then(function (idx) {
      index = idx;
      idx.fields.forEach(function (f, i) { F[f] = i; });
      var total = Object.keys(idx.years).reduce(function (n, y) { return n + idx.years[y].count; }, 0);
      if (!params.has("year") && total > 20000) {
        form.elements.year.value = Object.keys(idx.years).sort().pop();   /* keep the download small */
      }
      form.addEventListener("change", changed);
      form.addEventListener("input", function (e) { if (e.target.name === "q") changed(); });
      form.addEventListener("submit", function (e) { e.preventDefault(); changed(); });
      more.addEventListener("click", function () { shown += PAGE; render(); });
      render();
    }).catch(function (e) { count.textContent = "数据加载失败：" + e.message; });
  }

  /* ---------- id / title finder ---------- */
  function initFinder(form) {
    var input = form.querySelector("input");
    var out = form.querySelector(".mi-finder-results");
    var items = null;
    function ready() {
      if (!items) items = getJSON("data/finder.json");
      return items;
    }
    function search(go) {
      var q = input.value.trim();
      if (!q) { out.textContent = ""; return; }
      ready().then(function (all) {
        var up = q.toUpperCase();
        var exact = all.filter(function (x) { return x[0].toUpperCase() === up; })[0];
        if (exact && go) { location.href = base + exact[2]; return; }
        /* id, title, place and full name as written (x[3]); then words of summaries and answers
           from the site's search index (assets/search.js), when it holds more */
        var hits = all.filter(function (x) { return (x[0] + " " + x[1] + " " + (x[3] || "")).toUpperCase().indexOf(up) >= 0; })
          .slice(0, 20).map(function (x) { return { id: x[0], title: x[1], url: base + x[2] }; });
        var words = window.MinyiSearch && /[\u3400-\u9fff]/.test(q) && hits.length < 20;  /* ids need no index */
        var more = words ? window.MinyiSearch.records(q, 20) : Promise.resolve([]);
        return more.catch(function () { return []; }).then(function (found) {
          if (input.value.trim() !== q) return;
          var seen = {};
          hits.forEach(function (x) { seen[x.id] = true; });
          found.forEach(function (x) { if (!seen[x.id] && hits.length < 20) { seen[x.id] = true; hits.push(x); } });
          out.textContent = "";
          if (!hits.length) { out.appendChild(el("li", "没有找到“" + q + "”")); return; }
          hits.forEach(function (x) {
            var li = el("li"), a = el("a", x.id + " " + x.title);
            a.href = x.url;
            li.appendChild(a); out.appendChild(li);
          });
        });
      });
    }
    input.addEventListener("focus", ready);
    input.addEventListener("input", function () { search(false); });
    form.addEventListener("submit", function (e) { e.preventDefault(); search(true); });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".mi-list"), initList);
    Array.prototype.forEach.call(document.querySelectorAll(".mi-finder"), initFinder);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
