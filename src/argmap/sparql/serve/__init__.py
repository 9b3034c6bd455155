"""A read-only SPARQL 1.1 Protocol endpoint and the interactive map page, from one process.

Example (a notebook, or a test)::

    import argmap
    from argmap.sparql.serve import serve
    from SPARQLWrapper import JSON, SPARQLWrapper

    page = lambda corpus: argmap.render(corpus).html       # the map page at /
    with serve(["data/a.yaml", "data/b.yaml"], load=argmap.load, page=page) as server:
        sparql = SPARQLWrapper(server.sparql_url)           # http://127.0.0.1:PORT/sparql
        sparql.setQuery("SELECT ?claim WHERE { ?claim a am:Claim }")
        sparql.setReturnFormat(JSON)
        rows = sparql.query().convert()["results"]["bindings"]

Built on the standard library's :class:`http.server.ThreadingHTTPServer` over one pyoxigraph
store (in memory, or a store folder opened read-only), so nothing new is installed. Routes:

- ``GET /``: the map page (drawn by the ``page`` the caller gives, e.g. with
  :func:`argmap.render.render`: self-contained and offline) when the sources are maps; a short
  page pointing at the endpoint when they are plain RDF or no ``page`` is given.
- ``GET /sparql`` and ``/query`` with ``?query=``, ``POST`` with a form body (``query=``) or
  an ``application/sparql-query`` body, per the SPARQL 1.1 Protocol. SELECT and ASK answer in
  SPARQL results JSON (the default), XML, CSV or TSV and CONSTRUCT / DESCRIBE in Turtle (the
  default), N-Triples, JSON-LD or RDF/XML, chosen by the ``Accept`` header (q-values
  honoured; 406 when nothing offered is acceptable). ``GET /sparql`` from a browser with no
  query is a small offline query page.
- Query responses carry ``Access-Control-Allow-Origin: *`` and OPTIONS preflights are
  answered, so browser tools on another origin (YASGUI) can use the endpoint.

What is refused, and how: SPARQL Update (``/update``, an ``update=`` parameter, an update
sent as the query, PUT/DELETE/PATCH) is 403; ``SERVICE`` is 403 too, because pyoxigraph
would fetch the remote endpoint, and a query server must not make requests on a client's
behalf; ``default-graph-uri`` / ``named-graph-uri`` are 400 (the default graph is always the
union of the maps' named graphs, as in ``argmap query``; use ``GRAPH <iri> { … }``).
Malformed SPARQL is 400 with the parser's ``line:column``. The prefixes of ``argmap query``
(``am:``, ``dcterms:``…) need no PREFIX line here either.

pyoxigraph has no query timeout, so a costly query runs to its end in its own thread (other
requests are still served, more slowly). Hence the loopback default: bind another address
only on a network you trust.

The package, one job per module:

- :mod:`~argmap.sparql.serve.server`: :func:`serve` and :class:`SparqlServer`; binding,
  loading the sources (map files through the caller's ``load``), running and stopping;
- :mod:`~argmap.sparql.serve.handler`: one HTTP request: routes, CORS, responses, logging;
- :mod:`~argmap.sparql.serve.protocol`: the query out of a SPARQL 1.1 Protocol request
  (§2.1.1 to §2.1.4);
- :mod:`~argmap.sparql.serve.policy`: what is refused whatever the route (§4): updates, SERVICE;
- :mod:`~argmap.sparql.serve.negotiation`: the response format from ``Accept`` (§2.1.5, §2.1.6);
- :mod:`~argmap.sparql.serve.pages`: the query page and the RDF home page, their styles,
  script and CSPs.
"""

from argmap.sparql.serve.handler import MAX_QUERY_BYTES
from argmap.sparql.serve.server import (
    MapPage,
    Servable,
    ServeError,
    SparqlServer,
    is_loopback,
    serve,
)

__all__ = [
    "MAX_QUERY_BYTES", "MapPage", "Servable", "ServeError", "SparqlServer", "is_loopback", "serve",
]  # fmt: skip
