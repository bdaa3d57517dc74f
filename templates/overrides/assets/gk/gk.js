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

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* ------------------------------------------------------------------ overview filters */
  function initFilters() {
    var form = document.querySelector("[data-gk-filters]");
    var table = document.querySelector("[data-gk-overzicht]");
    if (!form || !table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = document.querySelector("[data-gk-aantal]");
    var empty = document.querySelector("[data-gk-leeg]");
    var multi = ["thema", "doelgroep"];
    var single = ["status", "bewijsniveau", "fase"];
    form.hidden = false;

    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
    });
    single.concat(["tekst"]).forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name) || "";
      if (field.tagName === "SELECT" && value &&
          !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) { value = ""; }
      field.value = value;
    });

    function state() {
      var s = { tekst: form.elements.tekst.value.trim().toLowerCase() };
      multi.forEach(function (name) {
        s[name] = Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"),
          function (box) { return box.checked; }).map(function (box) { return box.value; });
      });
      single.forEach(function (name) { s[name] = form.elements[name].value; });
      return s;
    }

    function matches(row, s) {
      var ok = multi.every(function (name) {
        if (!s[name].length) { return true; }
        var values = (row.dataset[name] || "").split(" ");
        return s[name].some(function (v) { return values.indexOf(v) !== -1; });
      }) && single.every(function (name) {
        return !s[name] || (row.dataset[name] || "").split(" ").indexOf(s[name]) !== -1;
      });
      return ok && (!s.tekst || s.tekst.split(/\s+/).every(function (word) {
        return row.dataset.tekst.indexOf(word) !== -1;
      }));
    }

    function apply() {
      var s = state();
      var shown = 0;
      rows.forEach(function (row) {
        var show = matches(row, s);
        row.hidden = !show;
        if (show) { shown += 1; }
      });
      count.textContent = shown === rows.length ? plural(rows.length, "aanpak", "aanpakken")
        : plural(shown, "aanpak", "aanpakken") + " van de " + rows.length;
      empty.hidden = shown !== 0;
      var query = new URLSearchParams();
      multi.forEach(function (name) { s[name].forEach(function (v) { query.append(name, v); }); });
      single.forEach(function (name) { if (s[name]) { query.set(name, s[name]); } });
      if (s.tekst) { query.set("tekst", form.elements.tekst.value.trim()); }
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
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

    function load() {
      if (!pagefind) {
        pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
          return module.options({ baseUrl: base.pathname }).then(function () { return module; });
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

  /* ------------------------------------------------------------------ print */
  // Printed links show their address after the text; not when the text already is the address.
  function markAddressLinks() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset a[href^='http']"), function (a) {
      var strip = function (s) { return s.trim().replace(/^https?:\/\//, "").replace(/\/$/, ""); };
      if (strip(a.textContent) === strip(a.getAttribute("href"))) { a.classList.add("gk-adres"); }
    });
  }

  function start() { markAddressLinks(); initFilters(); initSearch(); initCompare(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
