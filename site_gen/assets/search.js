/* Minyi Ledger: the header's search box over the Pagefind index (pagefind/, built by site_gen/search.py).
   The index is loaded only when the box is first used, from this site (no external request).
   Chinese is matched as written: the index holds every Han character as a word, and a query's
   Chinese runs are searched as exact phrases of characters, so 后街 finds 梨园后街 and 煤电二小区
   its suggestion, whatever a browser's word list says. Words without Han characters (ids such as
   S-2024-0003) are matched as word beginnings. Results rank by Pagefind's score.
   Record text is always inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var HAN_EACH = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;
  var HAN_SPACE = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[\s\u200b]+/g;
  var PAGE = 10;
  var FILTERS = ["kind", "status", "street", "category", "year"];
  var cfgEl = document.getElementById("__config");
  var base = (cfgEl ? JSON.parse(cfgEl.textContent).base : ".").replace(/\/?$/, "/");
  var loading = null;

  function pagefind() {
    if (!loading) {
      var url = new URL(base + "pagefind/", document.baseURI).href;
      var options = { excerptLength: 40 };
      /* A big ledger's index is in shards (pagefind/parts.json lists them, site_gen/search.py):
         merged here, so results, scores and filter counts come back as from one index. */
      loading = Promise.all([
        import(url + "pagefind.js"),
        fetch(url + "parts.json").then(function (r) { return r.ok ? r.json() : []; }, function () { return []; })
      ]).then(function (got) {
        var pf = got[0], parts = got[1];
        return pf.options(options).then(function () {
          /* by path, as Pagefind names the main bundle: a full address would come back in result URLs */
          return Promise.all(parts.map(function (p) { return pf.mergeIndex(new URL(p + "/", url).pathname, options); }));
        }).then(function () { return pf; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }
  function chars(text) { return text.replace(HAN_EACH, " $1 ").replace(/\s+/g, " ").trim(); }

  /* The pages matching every part of the query, best first; `exact` is false when no page holds
     the Chinese parts as written and the results only contain their characters. */
  function find(query, filters) {
    return pagefind().then(function (pf) {
      var parts = query.trim().split(/\s+/).filter(Boolean);
      var options = { filters: filters || {} };
      if (!parts.length) {
        return pf.search(null, options).then(function (r) { return { results: r.results, exact: true }; });
      }
      var searches = [pf.search(parts.map(chars).join(" "), options)];
      parts.filter(function (p) { return HAN.test(p); }).forEach(function (p) {
        searches.push(pf.search('"' + chars(p) + '"', options));
      });
      return Promise.all(searches).then(function (all) {
        var ranked = all[0].results, keep = null, phrase = {};
        all.slice(1).forEach(function (r) {
          var ids = {};
          r.results.forEach(function (x) { ids[x.id] = true; phrase[x.id] = phrase[x.id] || x; });
          keep = keep ? keep.filter(function (id) { return ids[id]; }) : Object.keys(ids);
        });
        if (keep === null) return { results: ranked, exact: true };
        var set = {};
        keep.forEach(function (id) { set[id] = true; });
        /* ranked by the score of all the words, shown with the phrase's own excerpt (its hits only) */
        var exact = ranked.filter(function (x) { return set[x.id]; }).map(function (x) { return phrase[x.id]; });
        return exact.length ? { results: exact, exact: true } : { results: ranked, exact: false };
      });
    });
  }
  function href(data) { return base + data.url.replace(/^\//, ""); }

  /* [{id, title, url}] of the records (not section or doc pages) a query finds, for the dashboard's finder. */
  function records(query, limit) {
    return find(query).then(function (found) {
      return found.exact ? Promise.all(found.results.slice(0, limit * 2).map(function (r) { return r.data(); })) : [];
    }).then(function (all) {
      return all.filter(function (d) { return d.meta && d.meta.id; }).slice(0, limit).map(function (d) {
        return { id: d.meta.id, title: d.meta.title, url: href(d) };
      });
    });
  }
  window.MinyiSearch = { find: find, records: records };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  /* Pagefind's excerpt (text with <mark> around hits) as nodes, without the spaces the index
     put after each Han character; the text itself never becomes markup. */
  function excerpt(html) {
    var out = el("p", null, "mi-search-excerpt"), marked = false, last = null;
    html.split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      var text = part.replace(HAN_SPACE, "$1").replace(/\u200b/g, "");
      if (!text) return;
      if (marked && last && last.tagName === "MARK") { last.textContent += text; return; }
      last = marked ? el("mark", text) : document.createTextNode(text);
      out.appendChild(last);
    });
    return out;
  }
  function item(data) {
    var meta = data.meta || {};
    var li = el("li", null, "md-search-result__item");
    var a = el("a", null, "md-search-result__link");
    a.href = href(data);
    var art = el("article", null, "md-search-result__article md-typeset mi-search-hit");
    var head = el("p", null, "mi-search-title");
    if (meta.id) { head.appendChild(el("code", meta.id)); head.appendChild(document.createTextNode(" ")); }
    head.appendChild(document.createTextNode(meta.title || data.url));
    art.appendChild(head);
    var line = el("p", null, "mi-search-meta");
    if (meta.status) { line.appendChild(el("span", meta.status, "mi-badge mi-s-" + (meta.state || ""))); }
    [meta.street, meta.kind].forEach(function (x) { if (x) line.appendChild(el("span", x)); });
    art.appendChild(line);
    if (data.excerpt) art.appendChild(excerpt(data.excerpt));
    a.appendChild(art);
    li.appendChild(a);
    return li;
  }

  function init(root) {
    var toggle = document.getElementById("__search");
    var form = root.querySelector("form");
    var input = root.querySelector("input[type=search]");
    var panel = root.querySelector(".md-search__output");
    var list = root.querySelector(".md-search-result__list");
    var status = root.querySelector(".md-search-result__meta");
    var more = root.querySelector(".mi-search-more");
    var fields = root.querySelector(".mi-search-filters");
    var opener = document.querySelector(".mi-search-open");
    var results = [], shown = 0, timer = null, turn = 0, filled = false, quiet = false;

    function open() {
      if (quiet) return;
      if (toggle) toggle.checked = true;
      panel.hidden = false;
      if (opener) opener.setAttribute("aria-expanded", "true");
      fillFilters();
    }
    function close(refocus) {
      if (toggle) toggle.checked = false;
      panel.hidden = true;
      if (opener) opener.setAttribute("aria-expanded", "false");
      if (refocus && opener && getComputedStyle(opener).display !== "none") opener.focus();
    }
    function select(name) { return fields.querySelector("select[name=" + name + "]"); }
    function chosen() {
      var f = {};
      FILTERS.forEach(function (name) { var v = select(name).value; if (v) f[name] = v; });
      return f;
    }
    function fillFilters() {
      if (filled) return;
      filled = true;
      pagefind().then(function (pf) { return pf.filters(); }).then(function (all) {
        FILTERS.forEach(function (name) {
          var menu = select(name), counts = all[name] || {};
          var values = Object.keys(counts).sort(function (a, b) {
            return name === "year" ? b.localeCompare(a) : (counts[b] - counts[a]) || a.localeCompare(b, "zh");
          });
          values.forEach(function (v) { menu.appendChild(new Option(v + "（" + counts[v] + "）", v)); });
          menu.parentNode.hidden = !values.length;
        });
        fields.hidden = false;
      }).catch(function () { filled = false; });
    }
    function show(batch, mine) {
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
        if (mine !== turn) return;
        var q = input.value.trim().toUpperCase();
        data.sort(function (a, b) { return ((b.meta.id || "") === q) - ((a.meta.id || "") === q); });
        data.forEach(function (d) { list.appendChild(item(d)); });
        more.hidden = shown >= results.length;
      });
    }
    function run() {
      var q = input.value.trim(), f = chosen(), mine = ++turn;
      if (!q && !Object.keys(f).length) {
        list.textContent = ""; more.hidden = true; status.textContent = "输入编号、标题、地点、小区或部门名称";
        return Promise.resolve();
      }
      status.textContent = "正在搜索……";
      return find(q, f).then(function (found) {
        if (mine !== turn) return;
        results = found.results;
        shown = Math.min(PAGE, results.length);
        list.textContent = "";
        status.textContent = !results.length ? "没有找到“" + q + "”" :
          (found.exact ? "找到 " + results.length + " 个页面" :
            "没有完全符合“" + q + "”的页面；以下 " + results.length + " 个页面含有这些字");
        status.setAttribute("data-count", String(results.length));
        return show(results.slice(0, shown), mine).then(function () {
          if (mine === turn) list.setAttribute("data-query", q);  /* the results shown answer this query */
        });
      }).catch(function () {
        if (mine === turn) status.textContent = "搜索索引加载失败，请稍后再试";
      });
    }
    function later() { clearTimeout(timer); timer = setTimeout(run, 150); }
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    input.addEventListener("focus", open);
    input.addEventListener("input", function () { open(); later(); });
    input.addEventListener("compositionend", later);
    fields.addEventListener("change", run);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run().then(function () { var first = links()[0]; if (first) location.href = first.href; });
    });
    more.addEventListener("click", function () {
      var from = shown;
      shown = Math.min(shown + PAGE, results.length);
      show(results.slice(from, shown), turn).then(function () { var a = links()[from]; if (a) a.focus(); });
    });
    root.querySelector(".mi-search-back").addEventListener("click", function () { close(true); });
    root.querySelector(".mi-search-overlay").addEventListener("click", function () { close(false); });
    if (opener) opener.addEventListener("click", function () { open(); input.focus(); });
    root.addEventListener("keydown", function (e) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (e.key === "Escape") {
        e.preventDefault();
        close(true);
        if (root.contains(document.activeElement) && document.activeElement !== input) { quiet = true; input.focus(); quiet = false; }
      }
      else if (e.key === "ArrowDown" && all.length && (document.activeElement === input || at >= 0)) {
        e.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault(); (at === 0 ? input : all[at - 1]).focus();
      }
    });
    root.addEventListener("focusout", function (e) {
      if (e.relatedTarget && !root.contains(e.relatedTarget)) close(false);
    });
  }

  function start() {
    var root = document.querySelector("[data-mi-search]");
    if (root) init(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
