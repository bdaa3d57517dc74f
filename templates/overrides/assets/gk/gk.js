/*
 * Gereedschapskist: the few behaviours the pages need. Every page works without this script;
 * the script adds filtering, search results and the comparison view.
 * Data from pages is only ever inserted as text, never as HTML.
 */
(function () {
  "use strict";

  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    if (config) {
      try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }
  window.gkSiteBase = siteBase; // the site's root URL, for visual.js too

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* ------------------------------------------------------------------ overview filters */
  // The overview lists its approaches in pages of rows rendered at build time. The filters work on
  // the rows of the page when it is the only one; on a longer catalog they fetch the compact index
  // (data/overzicht.json) the first time a filter is set, and show every match, built as text.
  var MULTI = ["thema", "doelgroep"];
  var SINGLE = ["status", "bewijsniveau", "fase"];

  function rowItem(row) {
    var item = { row: row, tekst: row.dataset.tekst || "" };
    MULTI.concat(SINGLE).forEach(function (name) { item[name] = (row.dataset[name] || "").split(" "); });
    return item;
  }

  function indexItem(data, raw, base) {
    var item = { data: raw, tekst: (raw.titel + " " + raw.samenvatting).toLowerCase(), labels: data.labels, base: base };
    MULTI.concat(SINGLE).forEach(function (name) { item[name] = [].concat(raw[name]); });
    return item;
  }

  function renderRow(item) {
    var raw = item.data;
    var names = function (kind, keys) {
      return keys.map(function (k) { return item.labels[kind][k] || k; }).join(", ");
    };
    var tr = el("tr");
    var first = el("td");
    first.appendChild(el("a", { href: new URL("aanpakken/" + raw.slug + "/", item.base).href }, raw.titel));
    first.appendChild(el("span", { "class": "gk-overzicht__samenvatting" }, raw.samenvatting));
    var marks = window.gkKenmerken && window.gkKenmerken(raw.kenmerken);  // as in overzicht.html.j2
    if (marks) { first.appendChild(marks); }
    tr.appendChild(first);
    tr.appendChild(el("td", {}, names("thema", raw.thema)));
    tr.appendChild(el("td", {}, names("doelgroep", raw.doelgroep)));
    tr.appendChild(el("td", {}, names("status", [raw.status])));
    tr.appendChild(el("td", {}, names("bewijsniveau", [raw.bewijsniveau])));
    return tr;
  }

  function initFilters() {
    var form = document.querySelector("[data-gk-filters]");
    var table = document.querySelector("[data-gk-overzicht]");
    if (!form || !table) { return; }
    var body = table.tBodies[0];
    var ownRows = Array.prototype.slice.call(body.rows);
    var total = parseInt(table.getAttribute("data-gk-totaal"), 10) || ownRows.length;
    var paged = ownRows.length < total;
    var count = document.querySelector("[data-gk-aantal]");
    var initialCount = count.textContent;
    var empty = document.querySelector("[data-gk-leeg]");
    var pager = document.querySelector("[data-gk-paginas]");
    var toggle = document.querySelector("[data-gk-filterknop]");
    var active = document.querySelector("[data-gk-filteraantal]");
    var items = paged ? null : ownRows.map(rowItem);
    var loading = null;
    var ticket = 0;

    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
    });
    SINGLE.concat(["tekst"]).forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name) || "";
      if (field.tagName === "SELECT" && value &&
          !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) { value = ""; }
      field.value = value;
    });

    function state() {
      var s = { tekst: form.elements.tekst.value.trim().toLowerCase() };
      MULTI.forEach(function (name) {
        s[name] = Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"),
          function (box) { return box.checked; }).map(function (box) { return box.value; });
      });
      SINGLE.forEach(function (name) { s[name] = form.elements[name].value; });
      return s;
    }

    function activeFilters(s) {
      return MULTI.reduce(function (n, name) { return n + s[name].length; }, 0) +
        SINGLE.filter(function (name) { return s[name]; }).length + (s.tekst ? 1 : 0);
    }

    function matches(item, s) {
      return MULTI.every(function (name) {
        return !s[name].length || s[name].some(function (v) { return item[name].indexOf(v) !== -1; });
      }) && SINGLE.every(function (name) {
        return !s[name] || item[name].indexOf(s[name]) !== -1;
      }) && (!s.tekst || s.tekst.split(/\s+/).every(function (word) { return item.tekst.indexOf(word) !== -1; }));
    }

    function load() {
      if (!loading) {
        var url = new URL(table.getAttribute("data-gk-index"), window.location.href);
        loading = fetch(url).then(function (r) {
          if (!r.ok) { throw new Error(r.status); }
          return r.json();
        }).then(function (data) {
          var base = siteBase();
          items = data.aanpakken.map(function (raw) { return indexItem(data, raw, base); });
          return items;
        });
        loading.catch(function () { loading = null; });
      }
      return loading;
    }

    function show(s, n) {
      var query = new URLSearchParams();
      MULTI.forEach(function (name) { s[name].forEach(function (v) { query.append(name, v); }); });
      SINGLE.forEach(function (name) { if (s[name]) { query.set(name, s[name]); } });
      if (s.tekst) { query.set("tekst", form.elements.tekst.value.trim()); }
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
      active.textContent = n ? " (" + n + " actief)" : "";
    }

    function apply() {
      var s = state();
      var n = activeFilters(s);
      var mine = ++ticket;
      if (!n) {
        // No filter: this page's own rows, with the links to the other pages.
        if (body.rows.length !== ownRows.length || ownRows.some(function (r, i) { return body.rows[i] !== r; })) {
          body.textContent = "";
          ownRows.forEach(function (row) { body.appendChild(row); });
        }
        ownRows.forEach(function (row) { row.hidden = false; });
        if (pager) { pager.hidden = false; }
        empty.hidden = true;
        count.textContent = initialCount;
        show(s, n);
        return;
      }
      if (!items) { count.textContent = "Bezig met filteren…"; }
      Promise.resolve(items || load()).then(function (all) {
        if (mine !== ticket) { return; }
        var shown = 0;
        if (paged) {
          var rows = document.createDocumentFragment();
          all.forEach(function (item) {
            if (matches(item, s)) { rows.appendChild(item.row || (item.row = renderRow(item))); shown += 1; }
          });
          body.textContent = "";
          body.appendChild(rows);
        } else {
          all.forEach(function (item) {
            var ok = matches(item, s);
            item.row.hidden = !ok;
            if (ok) { shown += 1; }
          });
        }
        if (pager) { pager.hidden = true; }
        count.textContent = plural(shown, "aanpak", "aanpakken") + " van de " + total;
        empty.hidden = shown !== 0;
        show(s, n);
      }).catch(function () {
        if (mine !== ticket) { return; }
        count.textContent = "De filters konden de lijst niet laden. Gebruik de paginalinks onder de tabel.";
      });
    }

    if (toggle) {
      toggle.addEventListener("click", function () {
        toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
      });
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.hidden = false;
    apply();
  }

  /* ------------------------------------------------------------------ search (Pagefind) */
  function excerptNodes(html) {
    // Pagefind's excerpt is escaped text with <mark> around hits; keep only text and marks.
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = document.createDocumentFragment();
    Array.prototype.forEach.call(doc.body.firstChild.childNodes, function (node) {
      if (node.nodeName === "MARK") { out.appendChild(el("mark", {}, node.textContent)); }
      else { out.appendChild(document.createTextNode(node.textContent)); }
    });
    return out;
  }

  // Results are fetched a page at a time: each result costs a small download (its fragment).
  var PAGE_SIZE = 8;

  function initSearch() {
    var box = document.querySelector("[data-gk-zoeken]");
    if (!box) { return; }
    var form = box.querySelector("form");
    var input = box.querySelector("input[type=search]");
    var status = box.querySelector("[role=status]");
    var list = box.querySelector("ol");
    var more = box.querySelector("[data-gk-meer]");
    var base = siteBase();
    var pagefind = null;
    var current = 0;
    var found = [];
    var shown = 0;
    var query = "";

    // A large site's index is written in parts (generator/search.py); pagefind/delen.json lists
    // the parts after the first, which Pagefind merges into one list of results.
    function load() {
      if (!pagefind) {
        var parts = fetch(new URL("pagefind/delen.json", base).href)
          .then(function (response) { return response.ok ? response.json() : { delen: [] }; })
          .catch(function () { return { delen: [] }; });
        pagefind = Promise.all([import(new URL("pagefind/pagefind.js", base).href), parts]).then(function (loaded) {
          var module = loaded[0];
          return module.options({ baseUrl: base.pathname }).then(function () {
            return Promise.all((loaded[1].delen || []).map(function (part) {
              return module.mergeIndex(new URL("pagefind/" + part, base).pathname);
            }));
          }).then(function () { return module; });
        });
      }
      return pagefind;
    }

    function describe() {
      status.textContent = plural(found.length, "resultaat", "resultaten") + " voor '" + query + "'" +
        (found.length > shown ? "; " + shown + " getoond" : "");
    }

    function showNext(ticket, focusFirst) {
      var batch = found.slice(shown, shown + PAGE_SIZE);
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (results) {
        if (ticket !== current) { return; }
        results.forEach(function (result, i) {
          var item = el("li", { "class": "gk-zoeken__resultaat" });
          var link = el("a", { href: result.url }, (result.meta && result.meta.title) || result.url);
          var heading = el("h2", {});
          heading.appendChild(link);
          if (result.filters && result.filters.soort) {
            heading.appendChild(el("span", { "class": "gk-label" }, result.filters.soort[0]));
          }
          var text = el("p", {});
          text.appendChild(excerptNodes(result.excerpt || ""));
          item.appendChild(heading);
          var marks = window.gkKenmerken && window.gkKenmerken(result.meta);  // evidence, status, costs
          if (marks) { item.appendChild(marks); }
          item.appendChild(text);
          list.appendChild(item);
          if (focusFirst && i === 0) { link.focus(); }
        });
        shown += results.length;
        more.hidden = shown >= found.length;
        describe();
      });
    }

    function run(text) {
      var ticket = ++current;
      query = text;
      found = [];
      shown = 0;
      list.textContent = "";
      more.hidden = true;
      if (!query) { status.textContent = "Typ een zoekwoord, bijvoorbeeld 'rouw' of 'driegesprek'."; return; }
      status.textContent = "Bezig met zoeken…";
      load().then(function (module) { return module.search(query); }).then(function (search) {
        if (ticket !== current) { return null; }
        found = search.results;
        if (!found.length) {
          status.textContent = "Niets gevonden voor '" + query + "'. Probeer een ander woord of kijk in het overzicht van alle aanpakken.";
          return null;
        }
        return showNext(ticket, false);
      }).catch(function () {
        status.textContent = "Zoeken lukt nu niet. Gebruik het overzicht van alle aanpakken.";
      });
    }

    more.addEventListener("click", function () { showNext(current, true); });

    var initial = new URLSearchParams(window.location.search).get("q") || "";
    input.value = initial;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : ""));
      run(query);
    });
    run(initial.trim());
  }

  /* ------------------------------------------------------------------ comparison */
  function initCompare() {
    var form = document.querySelector("[data-gk-vergelijk]");
    if (!form) { return; }
    var target = document.querySelector("[data-gk-vergelijk-tabel]");
    var status = document.querySelector("[data-gk-vergelijk-status]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var base = siteBase();
    var rows = [
      ["Samenvatting", "samenvatting"], ["Status", "status"], ["Bewijsniveau", "bewijsniveau"],
      ["Thema's", "themas"], ["Voor wie", "doelgroepen"], ["Kosten", "kosten"],
      ["Werkzame elementen", "werkzame_elementen"], ["Contextfactoren", "contextfactoren"],
      ["Randvoorwaarden", "randvoorwaarden"]
    ];
    form.hidden = false;
    var chosen = new URLSearchParams(window.location.search).getAll("aanpak");
    selects.forEach(function (select, i) { select.value = chosen[i] || ""; if (select.selectedIndex < 0) { select.value = ""; } });

    function cell(value) {
      var td = el("td");
      if (Array.isArray(value)) {
        if (!value.length) { td.textContent = "–"; return td; }
        var ul = el("ul");
        value.forEach(function (v) { ul.appendChild(el("li", {}, v)); });
        td.appendChild(ul);
      } else { td.textContent = value || "–"; }
      return td;
    }

    function render() {
      var slugs = selects.map(function (s) { return s.value; }).filter(function (v, i, all) {
        return v && all.indexOf(v) === i;
      });
      var query = new URLSearchParams();
      slugs.forEach(function (s) { query.append("aanpak", s); });
      window.history.replaceState(null, "", window.location.pathname + (slugs.length ? "?" + query : ""));
      target.textContent = "";
      if (slugs.length < 2) { status.textContent = "Kies nog " + (2 - slugs.length) + " aanpak" + (slugs.length ? "" : "ken") + " om te vergelijken."; return; }
      Promise.all(slugs.map(function (slug) {
        return fetch(new URL("data/vergelijk/" + slug + ".json", base)).then(function (r) { return r.json(); });
      })).then(function (items) {
        var table = el("table", { "class": "gk-vergelijk" });
        table.appendChild(el("caption", {}, "Vergelijking van " + items.length + " aanpakken"));
        var head = el("tr");
        head.appendChild(el("th", { scope: "col" }, "Kenmerk"));
        items.forEach(function (item) {
          var th = el("th", { scope: "col" });
          th.appendChild(el("a", { href: new URL("aanpakken/" + item.slug + "/", base).href }, item.titel));
          var marks = window.gkKenmerken && window.gkKenmerken(item.kenmerken);
          if (marks) { th.appendChild(marks); }
          head.appendChild(th);
        });
        var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
        var body = el("tbody");
        rows.forEach(function (row) {
          var tr = el("tr");
          tr.appendChild(el("th", { scope: "row" }, row[0]));
          items.forEach(function (item) { tr.appendChild(cell(item[row[1]])); });
          body.appendChild(tr);
        });
        table.appendChild(body);
        target.appendChild(table);
        status.textContent = items.length + " aanpakken naast elkaar.";
      }).catch(function () { status.textContent = "De gegevens konden niet worden geladen."; });
    }

    selects.forEach(function (s) { s.addEventListener("change", render); });
    render();
  }

  /* ------------------------------------------------------------------ glossary terms */
  // A glossary term is an <abbr title="explanation">. The mouse gets the browser's own tooltip; the
  // keyboard and a tap reach the term too (tabindex) and then gk.css shows the explanation below it,
  // as text (attr(title)). Escape hides it again (WCAG 1.4.13). One pass, no per-term listeners.
  function initTerms() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset abbr[title]"), function (abbr) {
      if (!abbr.hasAttribute("tabindex")) { abbr.tabIndex = 0; }
    });
    document.addEventListener("keydown", function (event) {
      var term = document.activeElement;
      if (event.key === "Escape" && term && term.tagName === "ABBR") { term.classList.add("gk-uitleg-dicht"); }
    });
    document.addEventListener("focusout", function (event) {
      if (event.target.tagName === "ABBR") { event.target.classList.remove("gk-uitleg-dicht"); }
    });
  }

  /* ------------------------------------------------------------------ print */
  // Printed links show their address after the text; not when the text already is the address.
  function markAddressLinks() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset a[href^='http']"), function (a) {
      var strip = function (s) { return s.trim().replace(/^https?:\/\//, "").replace(/\/$/, ""); };
      if (strip(a.textContent) === strip(a.getAttribute("href"))) { a.classList.add("gk-adres"); }
    });
  }

  function start() { markAddressLinks(); initTerms(); initFilters(); initSearch(); initCompare(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
