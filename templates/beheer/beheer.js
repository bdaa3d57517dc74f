/* The editor at /beheer/: Decap CMS with the preview pane of an approach page.
 *
 * Loaded after decap-cms.js (which defines window.CMS, window.h and window.createClass, and waits for
 * CMS.init() because index.html sets CMS_MANUAL_INIT). This file
 * - hides files whose name starts with "_" (approaches/_sjabloon.yml, the editors' template) from
 *   the list, for the GitHub backend and for the local one (decap-server);
 * - registers the preview: the title, the summary, "In één oogopslag" and "Voor werkgevers" as the
 *   approach page shows them, with the site's own CSS. tests/browser/test_browser_beheer.py renders
 *   the same approach here and on the built page and compares the text of those sections, so the
 *   preview cannot drift from the page unnoticed.
 */
(function () {
  "use strict";
  var script = document.currentScript;

  // --- files that are not approaches ------------------------------------------------------------
  function visible(entry) {
    var path = (entry && ((entry.file && entry.file.path) || entry.path)) || "";
    return path.split("/").pop().charAt(0) !== "_";
  }
  function filtered(result) {
    if (!Array.isArray(result)) { return result; }
    var kept = result.filter(visible);
    Object.getOwnPropertySymbols(result).forEach(function (symbol) { kept[symbol] = result[symbol]; });
    return kept;
  }
  ["github", "proxy"].forEach(function (name) {
    var registered = CMS.getBackend(name);
    if (!registered) { return; }
    var init = registered.init;
    registered.init = function () {
      var backend = init.apply(null, arguments);
      ["entriesByFolder", "allEntriesByFolder"].forEach(function (method) {
        var original = backend[method];
        if (typeof original !== "function") { return; }
        backend[method] = function () {
          return Promise.resolve(original.apply(backend, arguments)).then(filtered);
        };
      });
      return backend;
    };
  });

  // --- text fields: the Markdown the site allows, escaped ----------------------------------------
  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function inline(text, sources) {
    var html = escape(text);
    html = html.replace(/\s*\[@([^\]]+)\]/g, function (all, inner) {  // as on the page: no space before
      return inner.split(";").map(function (part) {
        var id = part.trim().replace(/^@/, "").split(",")[0].trim();
        var number = sources.indexOf(id) + 1;
        return '<sup class="gk-preview-bron">' + (number > 0 ? number : "?") + "</sup>";
      }).join("");
    });
    html = html.replace(/\[([^\]]+)\]\(((?:https?:|mailto:|#)[^)\s]*)\)/g, '<a href="$2">$1</a>');
    html = html.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
    html = html.replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");
    return html;
  }
  function markdown(text, sources) {
    if (text === undefined || text === null || text === "") { return ""; }
    return String(text).replace(/\r\n?/g, "\n").split(/\n\s*\n/).map(function (block) {
      var lines = block.split("\n").filter(function (line) { return line.trim(); });
      if (!lines.length) { return ""; }
      var bullet = /^\s*[-*+]\s+/, numbered = /^\s*\d+[.)]\s+/;
      if (lines.every(function (l) { return bullet.test(l) || /^\s{2,}\S/.test(l); }) && bullet.test(lines[0])) {
        return "<ul>" + items(lines, bullet, sources) + "</ul>";
      }
      if (numbered.test(lines[0]) && lines.every(function (l) { return numbered.test(l) || /^\s{2,}\S/.test(l); })) {
        return "<ol>" + items(lines, numbered, sources) + "</ol>";
      }
      return "<p>" + inline(lines.map(function (l) { return l.trim(); }).join(" "), sources) + "</p>";
    }).join("");
  }
  function items(lines, marker, sources) {
    var out = [];
    lines.forEach(function (line) {
      if (marker.test(line)) { out.push(line.replace(marker, "")); } else { out[out.length - 1] += " " + line.trim(); }
    });
    return out.map(function (item) { return "<li>" + inline(item, sources) + "</li>"; }).join("");
  }
  function rich(tag, html, props) {
    return h(tag, Object.assign({ dangerouslySetInnerHTML: { __html: html } }, props || {}));
  }

  // --- the preview ------------------------------------------------------------------------------
  function labels(fields, name) {
    var found = {};
    fields.forEach(function (field) {
      if (field.get("name") !== name) { return; }
      (field.get("options") || []).forEach(function (option) {
        if (option && option.get) { found[option.get("value")] = option.get("label"); }
      });
    });
    return found;
  }
  function titles(fields, name, keys) {
    var known = labels(fields, name);
    return (keys || []).map(function (key) { return known[key] || key; }).join(", ");
  }
  function costStatus(kb) {
    var amounts = (kb.kosten || []).filter(function (k) { return k && k.bedrag; });
    if (kb.kosten_bekend && amounts.length) {
      return "<p><strong>Bedragen:</strong> " + amounts.map(function (k) {
        return escape(k.post || "") + ": " + escape(k.bedrag) + (k.eenheid ? " " + escape(k.eenheid) : "") +
          (k.betaler ? ", betaald door " + escape(k.betaler) : "");
      }).join("; ") + ".</p>";
    }
    if (kb.kosten_bekend) { return "<p><strong>Bedragen:</strong> zie de tabel bij Kosten en baten.</p>"; }
    return "<p><strong>Bedragen: nog niet bekend.</strong> Wat deze aanpak in euro's kost, staat nog niet in de bronnen.</p>";
  }

  var Preview = createClass({
    render: function () {
      var data = this.props.entry.get("data").toJS();
      var fields = this.props.fields;
      var sources = (data.bronnen || []).map(function (b) { return b && b.id; });
      var w = data.voor_werkgevers || {};
      var kb = data.kosten_baten || {};
      var phases = titles(fields, "fasen", data.fasen);
      var glance = [
        ["Status", titles(fields, "status", data.status ? [data.status] : [])],
        ["Bewijsniveau", titles(fields, "bewijsniveau", data.bewijsniveau ? [data.bewijsniveau] : [])],
        ["Thema's", titles(fields, "themas", data.themas)],
        ["Voor wie", titles(fields, "doelgroepen", data.doelgroepen)],
      ];
      if (phases) { glance.push(["Wanneer in het verzuim", phases]); }
      glance.push(["Kosten", kb.kosten_bekend ? "bedragen bekend, zie Kosten en baten" : "nog niet bekend, zie Kosten en baten"]);
      glance.push(["Door", (data.organisaties || []).map(function (o) { return o && o.naam; }).filter(Boolean).join(", ")]);
      var employer = [
        ["Wat is het?", markdown(w.wat_is_het, sources)],
        ["Wat vraagt het van u?", markdown(w.wat_vraagt_het, sources)],
        ["Wat kost het en wie betaalt?", costStatus(kb) + markdown(w.wat_kost_het, sources) +
          "<p>Meer over de kosten en wat het oplevert: Kosten en baten.</p>"],
        ["Wat levert het op?", markdown(w.wat_levert_het_op, sources)],
        ["Wanneer in de twee ziektejaren?", markdown(w.wanneer, sources) +
          (phases ? "<p><strong>Past in deze fasen:</strong> " + escape(phases) +
            ". Zie ook waar in het verzuimproces.</p>" : "")],
      ];
      // dir="ltr" above .md-typeset: the theme's spacing rules start with [dir=ltr] .md-typeset
      return h("div", { dir: "ltr", lang: "nl" }, h("div", { className: "md-typeset gk-preview", "data-gk-preview": "" },
        h("span", { className: "gk-preview__label" }, "Voorbeeld: zo ziet een lezer deze aanpak"),
        h("h1", { "data-gk-section": "titel" }, data.titel || ""),
        rich("div", markdown(data.samenvatting, sources), { "data-gk-section": "samenvatting" }),
        h("div", { className: "admonition abstract", "data-gk-section": "oogopslag" },
          h("p", { className: "admonition-title" }, "In één oogopslag"),
          h("ul", null, glance.map(function (row) {
            return h("li", { key: row[0] }, h("strong", null, row[0] + ":"), " " + row[1]);
          }))),
        h("section", { "data-gk-section": "werkgevers" },
          h("h2", null, "Voor werkgevers"),
          employer.map(function (part) {
            return h("div", { key: part[0] }, h("h3", null, part[0]), rich("div", part[1]));
          }))));
    },
  });

  CMS.registerPreviewTemplate("aanpakken", Preview);
  var styles = [];
  try { styles = JSON.parse(script.getAttribute("data-gk-styles") || "[]"); } catch (e) { styles = []; }
  styles.concat(["beheer.css"]).forEach(function (href) {
    CMS.registerPreviewStyle(new URL(href, document.baseURI).href);
  });
  CMS.init();
})();
