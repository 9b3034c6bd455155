"""The pages served besides query results: the query form at ``GET /sparql`` and the home
page for RDF sources, or for maps served without their map page (which the caller draws).

Every page is self-contained and works offline: its one script and its one style are inline,
and a Content-Security-Policy pins them by hash, so nothing else runs or loads. The form page
talks to this server only, with the query operation of SPARQL 1.1 Protocol §2.1.3 (``POST``
directly, ``application/sparql-query``) and an ``Accept`` header from §2.1.5's formats.
"""

from __future__ import annotations

import hashlib
import html
from base64 import b64encode

from argmap.sparql.named import named_queries
from argmap.sparql.serve.negotiation import GRAPH_OFFERS, RESULT_OFFERS

__all__ = ["FORM_CSP", "PLAIN_CSP", "form_page", "html_page", "maps_home_page", "rdf_home_page"]

_PAGE_STYLE = """
body{font:15px/1.45 system-ui,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;margin:1.5em;
color:#1b1b1b;max-width:70em}
textarea{width:100%;font:13px/1.4 ui-monospace,'DejaVu Sans Mono',monospace;box-sizing:border-box}
select,button{font:inherit;margin:.4em .4em .4em 0}
table{border-collapse:collapse;font-size:13px;margin-top:.6em}
th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
pre{background:#f6f6f6;padding:.6em;overflow:auto;font-size:13px}
code{background:#f0f0f0;padding:0 .2em}
#status{color:#555}
""".strip()

_FORM_SCRIPT = """
"use strict";
const form = document.getElementById("query-form");
const text = document.getElementById("query");
const accept = document.getElementById("accept");
const status = document.getElementById("status");
const out = document.getElementById("results");
document.getElementById("examples").addEventListener("change", (event) => {
  if (event.target.value) text.value = event.target.value;
});
function pre(body) {
  const block = document.createElement("pre");
  block.textContent = body;
  out.append(block);
}
function table(data) {
  const vars = data.head.vars || [];
  const grid = document.createElement("table");
  const head = grid.insertRow();
  for (const name of vars) {
    const cell = document.createElement("th");
    cell.textContent = name;
    head.append(cell);
  }
  for (const binding of data.results.bindings) {
    const row = grid.insertRow();
    for (const name of vars) {
      row.insertCell().textContent = binding[name] ? binding[name].value : "";
    }
  }
  out.append(grid);
  return data.results.bindings.length;
}
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  out.replaceChildren();
  status.textContent = "running…";
  const started = performance.now();
  try {
    const response = await fetch("sparql", {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query", "Accept": accept.value},
      body: text.value,
    });
    const body = await response.text();
    const type = response.headers.get("Content-Type") || "";
    const ms = Math.round(performance.now() - started);
    let summary = `${response.status} ${type} (${ms} ms)`;
    if (response.ok && type.startsWith("application/sparql-results+json")) {
      const data = JSON.parse(body);
      if ("boolean" in data) pre(String(data.boolean));
      else summary += `: ${table(data)} rows`;
    } else {
      pre(body);
    }
    status.textContent = summary;
  } catch (error) {
    status.textContent = `failed: ${error}`;
  }
});
""".strip()


def _sha256(text: str) -> str:
    return "'sha256-" + b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# Pages allow their own pinned script and style, requests to this server only, nothing else.
FORM_CSP = (
    f"default-src 'none'; script-src {_sha256(_FORM_SCRIPT)}; style-src {_sha256(_PAGE_STYLE)};"
    " connect-src 'self'; form-action 'self'; img-src data:; base-uri 'none';"
    " frame-ancestors 'none'"
)
PLAIN_CSP = (
    f"default-src 'none'; style-src {_sha256(_PAGE_STYLE)}; img-src data:; base-uri 'none';"
    " frame-ancestors 'none'"
)


def html_page(title: str, body: str, script: str | None = None) -> bytes:
    """A whole page around ``body`` (trusted HTML), with the pinned style and ``script``."""
    tag = f"<script>{script}</script>" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>{html.escape(title)}</title><style>{_PAGE_STYLE}</style></head>"
        f"<body>{body}{tag}</body></html>\n"
    ).encode()


def form_page() -> bytes:
    """The query page (serve it with :data:`FORM_CSP`): a query box, the named queries as
    examples, a choice of result format, and the answer drawn as a table or text."""
    options = ['<option value="">an example: a named query…</option>']
    for named in named_queries().values():
        takes = f" (edit ?{', ?'.join(named.params)})" if named.params else ""
        label = f"{named.name}: {named.question}{takes}"
        options.append(
            f'<option value="{html.escape(named.sparql, quote=True)}">{html.escape(label)}</option>'
        )
    formats = "".join(
        f'<option value="{o.media_type}">{o.media_type}</option>'
        for o in (*RESULT_OFFERS, *GRAPH_OFFERS)
        if o.media_type not in ("application/json", "application/turtle", "application/x-turtle")
    )
    body = (
        "<h1>argmap SPARQL endpoint</h1>"
        "<p>Read-only SPARQL 1.1 over the maps; the prefixes <code>am:</code>, "
        "<code>dcterms:</code>, <code>oa:</code>, <code>skos:</code>, <code>schema:</code>, "
        "<code>rdf:</code>, <code>rdfs:</code>, <code>xsd:</code>, <code>prov:</code> and "
        '<code>aif:</code> need no PREFIX line. <a href="/">Back to the map</a>.</p>'
        '<form id="query-form" method="get" action="sparql">'
        f'<select id="examples" aria-label="Example queries">{"".join(options)}</select><br>'
        '<textarea id="query" name="query" rows="14" spellcheck="false" aria-label="SPARQL query">'
        "SELECT ?claim ?text WHERE { ?c a am:Claim ; dcterms:identifier ?claim ; am:text ?text }"
        " LIMIT 20</textarea><br>"
        f'<label>Results as <select id="accept">{formats}</select></label>'
        '<button type="submit">Run</button></form>'
        '<p id="status" aria-live="polite"></p><div id="results"></div>'
    )
    return html_page("argmap SPARQL endpoint", body, _FORM_SCRIPT)


def rdf_home_page(quads: int) -> bytes:
    """The home page when the sources are plain RDF (serve it with :data:`PLAIN_CSP`)."""
    body = (
        "<h1>argmap SPARQL endpoint</h1>"
        f"<p>These sources are RDF, not argmap maps, so there is no map page: {quads} quads to "
        'query at <a href="/sparql">/sparql</a> (SPARQL 1.1 Protocol, read-only).</p>'
    )
    return html_page("argmap SPARQL endpoint", body)


def maps_home_page(quads: int) -> bytes:
    """The home page for maps served without their map page (serve it with
    :data:`PLAIN_CSP`)."""
    body = (
        "<h1>argmap SPARQL endpoint</h1>"
        f"<p>The map page is not drawn here: {quads} quads of argmap maps to query at "
        '<a href="/sparql">/sparql</a> (SPARQL 1.1 Protocol, read-only).</p>'
    )
    return html_page("argmap SPARQL endpoint", body)
