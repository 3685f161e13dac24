import Foundation
import PlimsollIO

/// The style sheet and the one script of the HTML report, and the Content-Security-Policy
/// that admits exactly them.
///
/// The policy pins both by SHA-256 hash rather than a nonce: the script and style never
/// change between reports (the script reads the page's `data-*` attributes; no scan data is
/// ever placed inside it), so a hash admits them and nothing else, keeps the output
/// deterministic, and needs no per-report secret, which a file on disk could not keep anyway.
enum HTMLAssets {
  /// `default-src 'none'`: no fetch, font, frame, image or connection; only the hashed style
  /// and script run, SVG is inline markup, and forms and `<base>` are refused.
  static let contentSecurityPolicy = "default-src 'none'; style-src '\(hash(style))'; "
    + "script-src '\(hash(script))'; img-src 'none'; base-uri 'none'; form-action 'none'"

  /// `sha256-<base64>` of a text, as CSP spells a hash source.
  static func hash(_ text: String) -> String {
    let hex = Digest.sha256(Data(text.utf8)).hex
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
      index = next
    }
    return "sha256-" + Data(bytes).base64EncodedString()
  }

  static let style = """
    :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--chip:#f6f8fa}
    body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:1.5em;color:var(--fg);background:var(--bg);line-height:1.4}
    h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid var(--line);padding-bottom:.2em}h3{font-size:1em;margin:.2em 0}
    .meta{color:var(--muted)}code,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,monospace;font-size:.9em;word-break:break-all}
    .cards{display:flex;flex-wrap:wrap;gap:.6em}.card{border:1px solid var(--line);border-radius:6px;padding:.5em .8em;min-width:7em}
    .card b{display:block;font-size:1.4em}
    table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border-bottom:1px solid var(--line);padding:.3em .45em;text-align:left;vertical-align:top}td{overflow-wrap:anywhere}
    th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;color:inherit}
    th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
    .sev{display:inline-block;min-width:5.5em;padding:0 .3em;border:1px solid #000;border-radius:3px;font-size:.85em;font-weight:bold;text-align:center}
    .sev.CRITICAL{background:#8b0000;color:#fff}.sev.HIGH{background:#d1242f;color:#fff}.sev.MEDIUM{background:#f0b400;color:#000}
    .sev.LOW{background:#cfe3ff;color:#000}.sev.UNKNOWN{background:#eee;color:#000}
    .tag{display:inline-block;padding:0 .35em;border:1px solid var(--line);border-radius:3px;font-size:.8em;background:var(--chip)}
    .tag.gone{border-style:dashed}.tag.kev{border-color:#000;font-weight:bold}
    .refs a{font-size:.8em;margin-right:.4em}.muted{color:var(--muted)}
    #filters{display:flex;flex-wrap:wrap;gap:.6em;align-items:end;margin:.5em 0}#filters label{display:flex;flex-direction:column;font-size:.85em}
    section.layer{border:1px solid var(--line);border-radius:6px;padding:.6em .8em;margin:.8em 0;break-inside:avoid}
    section.layer ul{margin:.2em 0 .4em 1.2em;padding:0}
    details summary{cursor:pointer}svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#000}
    @media print{#filters{display:none}details{display:block}a{color:inherit}body{max-width:none}}
    """

  /// Filters and sorts the findings table from its rows' `data-*` attributes; without it
  /// (or in print) every row shows.
  static let script = """
    /*<![CDATA[*/
    (function () {
      'use strict';
      var table = document.getElementById('findings');
      var filters = document.getElementById('filters');
      if (!table || !filters) { return; }
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var field = function (id) { return document.getElementById(id); };
      var severity = field('f-severity'), kind = field('f-kind'), layer = field('f-layer');
      var fix = field('f-fix'), pkg = field('f-package'), text = field('f-text'), count = field('f-count');
      function apply() {
        var s = severity.value, k = kind.value, l = layer.value, f = fix.value;
        var p = pkg.value.toLowerCase(), t = text.value.toLowerCase(), shown = 0;
        rows.forEach(function (row) {
          var d = row.dataset;
          var keep = (!s || d.severity === s) && (!k || d.kind === k) && (!l || d.layer === l)
            && (!f || d.fixable === f) && (!p || d.package.toLowerCase().indexOf(p) !== -1)
            && (!t || row.textContent.toLowerCase().indexOf(t) !== -1);
          row.hidden = !keep;
          if (keep) { shown += 1; }
        });
        count.textContent = shown + ' of ' + rows.length + ' findings shown';
      }
      [severity, kind, layer, fix].forEach(function (e) { e.addEventListener('change', apply); });
      [pkg, text].forEach(function (e) { e.addEventListener('input', apply); });
      Array.prototype.forEach.call(table.tHead.querySelectorAll('th[data-sort] button'), function (button) {
        button.addEventListener('click', function () {
          var header = button.parentNode, key = header.getAttribute('data-sort');
          var direction = header.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
          Array.prototype.forEach.call(table.tHead.querySelectorAll('th'), function (th) { th.removeAttribute('aria-sort'); });
          header.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
          rows.sort(function (a, b) {
            var x = a.getAttribute('data-sort-' + key) || '', y = b.getAttribute('data-sort-' + key) || '';
            var nx = Number(x), ny = Number(y);
            if (x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny)) { return direction * (nx - ny); }
            return direction * x.localeCompare(y);
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
      filters.hidden = false;
      apply();
    })();
    /*]]>*/
    """
}
