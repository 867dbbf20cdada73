/** Inline style and script of report.html: the file must work alone, from disk, with no fetch. */

export const HTML_STYLE = `
:root { --pass:#1a7f37; --fail:#cf222e; --na:#6e7781; --notrun:#9a6700; --bg:#f6f8fa; --line:#d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 1rem 2rem; max-width: 1400px; color:#1f2328; }
h1 { font-size: 1.5rem; margin: .3rem 0; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
.meta { color: #57606a; } code, pre { font-family: ui-monospace, monospace; font-size: 12px; }
pre { background: var(--bg); padding: .5rem; overflow: auto; max-height: 24rem; white-space: pre-wrap; word-break: break-all; }
.badge { display:inline-block; padding: 0 .5rem; border-radius: 1rem; color:#fff; font-weight:600; font-size:12px; }
.v-pass,.v-passed,.v-conformant { background: var(--pass); } .v-fail,.v-failed,.v-nonconformant { background: var(--fail); }
.v-not-applicable,.v-skipped { background: var(--na); } .v-not-run,.v-error,.v-incomplete,.v-blocked { background: var(--notrun); }
.profiles { display:flex; flex-wrap: wrap; gap:.5rem; }
.profile { border:1px solid var(--line); border-radius:6px; padding:.5rem .8rem; min-width: 9rem; }
.profile.unclaimed { opacity:.6; }
.filters { display:flex; gap:1rem; align-items:center; margin:.5rem 0; flex-wrap: wrap; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
tr.row-fail, details.sc-failed > summary { background: #ffebe9; } tr.row-not-run, tr.row-blocked, details.sc-error > summary { background: #fff8c5; }
details { border:1px solid var(--line); border-radius:6px; margin:.4rem 0; } details > summary { padding:.4rem .6rem; cursor:pointer; }
details .body { padding: .3rem .8rem .8rem; } .step-failed { background:#ffebe9; } .step-error { background:#fff8c5; }
.check-failed { color: var(--fail); font-weight: 600; } .timeline { list-style:none; padding-left:0; }
.timeline li { border-left: 3px solid var(--line); padding: .1rem .6rem; margin: .2rem 0; } .timeline li.unconsumed { border-color: var(--notrun); }
.known { color: #57606a; font-style: italic; }
`;

/** Filters the requirement matrix; reads only the DOM it was rendered with. */
export const HTML_SCRIPT = `
(function () {
  var selects = document.querySelectorAll('select[data-filter]');
  var rows = document.querySelectorAll('#matrix tbody tr');
  var shown = document.getElementById('shown');
  function apply() {
    var want = {};
    selects.forEach(function (s) { want[s.getAttribute('data-filter')] = s.value; });
    var n = 0;
    rows.forEach(function (r) {
      var ok = Object.keys(want).every(function (k) { return !want[k] || r.getAttribute('data-' + k) === want[k]; });
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' requirements shown';
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  apply();
})();
`;
