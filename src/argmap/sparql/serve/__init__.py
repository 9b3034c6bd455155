"""A read-only SPARQL 1.1 Protocol endpoint and the interactive map page, from one server.

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

A Starlette app on uvicorn (one event loop: no thread per connection), with the queries run in
a few worker processes over the store, so that a query can be stopped: after ``timeout``
seconds (5 by default) or as soon as its client disconnects, its worker is killed and
replaced. Routes:

- ``GET /``: the map page (drawn by the ``page`` the caller gives, e.g. with
  :func:`argmap.render.render`: self-contained and offline) when the sources are maps; a short
  page pointing at the endpoint when they are plain RDF or no ``page`` is given.
- ``GET /sparql`` and ``/query`` with ``?query=``, ``POST`` with a form body (``query=``) or
  an ``application/sparql-query`` body, per the SPARQL 1.1 Protocol. SELECT and ASK answer in
  SPARQL results JSON (the default), XML, CSV or TSV and CONSTRUCT / DESCRIBE in Turtle (the
  default), N-Triples, JSON-LD or RDF/XML, chosen by the ``Accept`` header (q-values
  honoured; 406 when nothing offered is acceptable). ``GET /sparql`` from a browser with no
  query is a small offline query page.
- The dataset: the default graph is the union of every graph (as in ``argmap query``) unless
  the query says otherwise with ``FROM`` / ``FROM NAMED``, or the request with
  ``default-graph-uri`` / ``named-graph-uri``; a graph that does not exist is empty.
- CORS is off unless ``cors`` names the origins (or ``*``) whose pages may read the answers
  (YASGUI on its own site, for one); then preflights are answered for them too.

What is refused, and how: SPARQL Update (``/update``, an ``update=`` parameter, an update
sent as the query, PUT/DELETE/PATCH) is 403; ``SERVICE`` is 403 too, because pyoxigraph
would fetch the remote endpoint, and a query server must not make requests on a client's
behalf. Malformed SPARQL is 400 with the parser's ``line:column``. A full pool (every worker
busy and ``queue`` queries waiting) is 503 with ``Retry-After``; so is a query stopped at its
timeout. The prefixes of ``argmap query`` (``am:``, ``dcterms:``…) need no PREFIX line here
either. There is no authentication: bind an address other than loopback only on a network
you trust.

The package, one job per module:

- :mod:`~argmap.sparql.serve.server`: :func:`serve` and :class:`SparqlServer`; binding,
  loading the sources (map files through the caller's ``load``), running and stopping;
- :mod:`~argmap.sparql.serve.connections`: uvicorn, with the connection limits it lacks;
- :mod:`~argmap.sparql.serve.handler`: the Starlette app: routes, bodies, CORS, responses,
  logging;
- :mod:`~argmap.sparql.serve.pool`: the query workers, the queue, timeouts and cancelling;
- :mod:`~argmap.sparql.serve.worker`: one query worker process;
- :mod:`~argmap.sparql.serve.protocol`: the query and its dataset out of a SPARQL 1.1
  Protocol request (§2.1.1 to §2.1.4);
- :mod:`~argmap.sparql.serve.policy`: what is refused whatever the route (§4): updates, SERVICE;
- :mod:`~argmap.sparql.serve.negotiation`: the response format from ``Accept`` (§2.1.5, §2.1.6);
- :mod:`~argmap.sparql.serve.pages`: the query page and the RDF home page, their styles,
  script and CSPs.

Names load on first use, so that a worker process imports none of the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from argmap.util.lazy import lazy_exports

if TYPE_CHECKING:
    from argmap.sparql.serve.handler import MAX_QUERY_BYTES
    from argmap.sparql.serve.server import (
        DEFAULT_TIMEOUT,
        MapPage,
        Servable,
        ServeError,
        SparqlServer,
        default_workers,
        is_loopback,
        serve,
    )

__all__ = [
    "DEFAULT_TIMEOUT", "MAX_QUERY_BYTES", "MapPage", "Servable", "ServeError", "SparqlServer",
    "default_workers", "is_loopback", "serve",
]  # fmt: skip

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {
        "argmap.sparql.serve.handler": ("MAX_QUERY_BYTES",),
        "argmap.sparql.serve.server": (
            "DEFAULT_TIMEOUT", "MapPage", "Servable", "ServeError", "SparqlServer",
            "default_workers", "is_loopback", "serve",
        ),
    },
)  # fmt: skip
