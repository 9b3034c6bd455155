"""SPARQL over maps, corpora, RDF files and stores, with parameters bound as RDF terms.

Parameter values are never pasted into query text: they are bound as RDF terms, with rdflib's
``initBindings``, and for pyoxigraph and remote endpoints as a ``VALUES`` block whose terms
pyoxigraph itself serialises (so a quote or brace in a value stays inside its literal).
Results come back as a :class:`QueryResult` whose rows hold :class:`Term` values, with
``records()`` for plain Python values.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
import rdflib
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery

from argmap.errors import ArgmapError, InputError
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap
from argmap.rdf.files import is_rdf_path, rdf_format, rdf_read_errors
from argmap.rdf.store import to_store
from argmap.rdf.terms import LANG_STRING, QUERY_PREFIXES, XSD
from argmap.rdf.write import to_dataset
from argmap.sparql import text as sparql_text

__all__ = [
    "IRI",
    "QUERY_PREFIXES",
    "BlankNode",
    "Literal_",
    "Loader",
    "QueryError",
    "QueryResult",
    "Source",
    "Term",
    "as_term",
    "check_params",
    "check_read_only",
    "open_files",
    "open_source",
    "parse_param",
    "query",
    "syntax_error",
    "term_from_oxigraph",
    "term_to_oxigraph",
    "with_values",
]


RDF_LANG_STRING = LANG_STRING


class QueryError(ArgmapError):
    """A query that cannot run: bad syntax, an update, a wrong parameter, a failed endpoint."""


class _Term:
    """Base of the result terms: small immutable value objects (slots, no dataclass machinery:
    results may hold millions of them)."""

    __slots__ = ()

    def _key(self) -> tuple[object, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self._key()))

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, name):
            raise AttributeError(f"{type(self).__name__} is immutable")
        object.__setattr__(self, name, value)


class _Node(_Term):
    """A term named by one string: an IRI or a blank node."""

    __slots__ = ("value",)
    value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "value", value)

    def _key(self) -> tuple[object, ...]:
        return (self.value,)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value!r})"


class IRI(_Node):
    __slots__ = ()

    def __str__(self) -> str:
        return self.value


class BlankNode(_Node):
    __slots__ = ()

    def __str__(self) -> str:
        return f"_:{self.value}"


class Literal_(_Term):  # noqa: N801 — ``Literal`` is typing's; the trailing _ keeps both importable
    __slots__ = ("datatype", "language", "value")
    value: str
    datatype: str
    language: str | None

    def __init__(
        self, value: str, datatype: str = XSD + "string", language: str | None = None
    ) -> None:
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "datatype", datatype)
        object.__setattr__(self, "language", language)

    def _key(self) -> tuple[object, ...]:
        return (self.value, self.datatype, self.language)

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Literal_({self.value!r}, {self.datatype!r}, {self.language!r})"

    def to_python(self) -> object:
        """The literal's value as Python: numbers and booleans converted, the rest as text."""
        kind = self.datatype.removeprefix(XSD)
        try:
            if kind in _INTEGER_TYPES:
                return int(self.value)
            if kind in {"double", "float", "decimal"}:
                return float(self.value)
            if kind == "boolean":
                return self.value in {"true", "1"}
        except ValueError:
            return self.value
        return self.value


_INTEGER_TYPES = frozenset(
    {
        "integer",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
    }
)


Term = IRI | BlankNode | Literal_


@dataclass(frozen=True)
class QueryResult:
    """What a query returned: rows for SELECT, a boolean for ASK, triples for CONSTRUCT."""

    form: Literal["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, Term], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Term, Term, Term], ...] = field(default=())

    def records(self) -> list[dict[str, object]]:
        """Rows with plain Python values (IRIs as str, literals converted); unbound -> None."""
        return [
            {v: _plain(row[v]) if v in row else None for v in self.variables} for row in self.rows
        ]

    def column(self, variable: str) -> list[object]:
        return [record[variable] for record in self.records()]


def _plain(term: Term) -> object:
    return term.to_python() if isinstance(term, Literal_) else str(term)


# ---- sources ------------------------------------------------------------------------------------

Source = Corpus | ArgumentMap | ox.Store | rdflib.Graph | str | Path | Sequence[str | Path]

#: Reads map files (any format the caller knows, e.g. :func:`argmap.load`) into one corpus.
Loader = Callable[[list[Path]], Corpus]


def open_source(
    source: Source,
    engine: Literal["oxigraph", "rdflib"] = "oxigraph",
    *,
    load: Loader | None = None,
) -> Any:
    """A queryable store for ``source``: a pyoxigraph Store, or an rdflib Dataset/Graph.

    RDF files and store folders are opened here; map files (YAML, JSON, AIF…) are read by
    ``load``, which the caller supplies (``argmap.load`` reads every format argmap knows).
    For the rdflib engine every file is read by ``load``."""
    if isinstance(source, ox.Store | rdflib.Graph):
        return source
    if isinstance(source, ArgumentMap):
        source = Corpus(maps=(source,))
    if not isinstance(source, Corpus):
        paths = _paths(source)
        if len(paths) == 1 and paths[0].is_dir():
            return _open_store_dir(paths[0])
        if engine == "oxigraph":
            return open_files(paths, load)[0]
        source = _loader(paths, load)(paths)
    if engine == "rdflib":
        dataset = to_dataset(source)
        dataset.default_union = True
        return dataset
    return to_store(source)


def open_files(paths: Sequence[Path], load: Loader | None = None) -> tuple[ox.Store, Corpus | None]:
    """A store holding ``paths`` and the corpus of the maps among them (None when there are
    none). Maps become their graphs; RDF files are loaded as they are, so graphs that are not
    maps (an analysis graph, an ontology) can be queried beside them."""
    rdf_files = [p for p in paths if is_rdf_path(p)]
    map_files = [p for p in paths if not is_rdf_path(p)]
    corpus = _loader(map_files, load)(map_files) if map_files else None
    store = to_store(corpus) if corpus is not None else ox.Store()
    for path in rdf_files:
        fmt = rdf_format(path)
        # One-line errors for a bad file or an over-long term; RDF/XML that declares entities
        # is refused before it is parsed.
        with rdf_read_errors(path, fmt):
            store.bulk_load(path=str(path), format=fmt.oxigraph)
    return store, corpus


def _paths(source: str | Path | Sequence[str | Path]) -> list[Path]:
    return [Path(source)] if isinstance(source, str | Path) else [Path(p) for p in source]


def _loader(paths: list[Path], load: Loader | None) -> Loader:
    if load is None:
        raise InputError(
            f"{paths[0]}: reading map files needs a loader; pass load=argmap.load",
            option="load",
        )
    return load


def _open_store_dir(path: Path) -> ox.Store:
    # rdf.store opens it: a folder whose build never finished is refused there, not queried.
    from argmap.rdf.store import open_store

    return open_store(path)


# ---- parameters ---------------------------------------------------------------------------------


def parse_param(text: str) -> tuple[str, Term]:
    """``name=value`` from the command line: ``<…>`` is an IRI, a whole number an integer, any
    other value a plain string literal."""
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"parameter '{text}' must look like name=value (a SPARQL variable name)")
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        return name, IRI(value[1:-1])
    if re.fullmatch(r"-?\d{1,18}", value):
        return name, Literal_(value, XSD + "integer")
    return name, Literal_(value)


def check_params(sparql: str, params: Mapping[str, Term]) -> None:
    """Refuse a parameter that names no variable of the query (it would bind nothing)."""
    unknown = sorted(set(params) - sparql_text.variables(sparql))
    if unknown:
        raise QueryError(
            f"parameter '{unknown[0]}' is not a variable of the query; "
            "remove it or name one of the query's ?variables"
        )


def check_read_only(sparql: str) -> None:
    """Refuse a SPARQL Update: queries here only read."""
    if sparql_text.is_update(sparql):
        raise QueryError(
            "this is a SPARQL Update; only read-only queries run here "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )


# ---- running ------------------------------------------------------------------------------------


def query(
    source: Source,
    sparql: str,
    params: Mapping[str, Term | str | int | float] | None = None,
    *,
    engine: Literal["oxigraph", "rdflib"] = "oxigraph",
    load: Loader | None = None,
) -> QueryResult:
    """Run a read-only SPARQL query over a map, corpus, RDF/map file(s), store folder or store.

    ``params`` bind query variables to RDF terms (a ``str`` binds a plain literal): the values
    are never pasted into the query text, so they cannot change what the query does.
    ``load`` reads map files (see :func:`open_source`).
    """
    check_read_only(sparql)
    bound = {k: as_term(v) for k, v in (params or {}).items()}
    check_params(sparql, bound)
    store = open_source(source, engine, load=load)
    if isinstance(store, ox.Store):
        return _run_oxigraph(store, sparql, bound)
    return _run_rdflib(store, sparql, bound)


def as_term(value: Term | str | int | float) -> Term:
    """A parameter value as an RDF term: a bool, int or float as its XSD literal, a str as a
    plain literal."""
    if isinstance(value, IRI | BlankNode | Literal_):
        return value
    if isinstance(value, bool):
        return Literal_("true" if value else "false", XSD + "boolean")
    if isinstance(value, int):
        return Literal_(str(value), XSD + "integer")
    if isinstance(value, float):
        return Literal_(repr(value), XSD + "double")
    return Literal_(value)


def term_to_oxigraph(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, IRI):
        return ox.NamedNode(term.value)
    if isinstance(term, BlankNode):
        return ox.BlankNode(term.value)
    if term.language:
        return ox.Literal(term.value, language=term.language)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))


# Results can hold hundreds of thousands of terms, and building each through ``__init__`` (a
# Python frame plus ``object.__setattr__`` per field) costs more than pyoxigraph's own
# decoding. These make an empty instance and fill its slots through the slot descriptors, all
# C calls; the terms are the same as ``__init__`` makes. (A cache keyed by pyoxigraph term does
# not pay: hashing a literal costs about as much as converting it, and most terms in a large
# result are distinct.)
_new = object.__new__
_set_iri: Callable[[IRI, str], None] = _Node.__dict__["value"].__set__
_set_blank: Callable[[BlankNode, str], None] = _Node.__dict__["value"].__set__
_set_value: Callable[[Literal_, str], None] = Literal_.__dict__["value"].__set__
_set_datatype: Callable[[Literal_, str], None] = Literal_.__dict__["datatype"].__set__
_set_language: Callable[[Literal_, str | None], None] = Literal_.__dict__["language"].__set__


def _ox_rows(
    solutions: ox.QuerySolutions, variables: tuple[str, ...]
) -> tuple[dict[str, Term], ...]:
    """Every solution as a row of our terms (unbound variables left out)."""
    named, literal = ox.NamedNode, ox.Literal
    new, set_iri, set_value, set_datatype, set_language = (
        _new,
        _set_iri,
        _set_value,
        _set_datatype,
        _set_language,
    )
    intern = sys.intern  # one datatype string shared by all its literals, not one per literal
    # A column often repeats its value from one row to the next (results sorted by map, one
    # actor's claims): comparing with the previous row's term is cheap in pyoxigraph, and
    # then that row's (immutable) term is reused instead of building a new one.
    last_ox: list[object] = [None] * len(variables)
    last: list[Any] = [None] * len(variables)  # a Term wherever last_ox holds one
    rows: list[dict[str, Term]] = []
    append = rows.append
    for solution in solutions:
        row: dict[str, Term] = {}
        # Iterating a solution yields its terms in variable order (None when unbound), in
        # one call instead of one lookup per variable.
        for column, term in enumerate(solution):
            if term is not None:
                value: Term
                if term == last_ox[column]:
                    value = last[column]
                else:
                    kind = type(term)
                    if kind is named:
                        value = new(IRI)
                        set_iri(value, term.value)
                    elif kind is literal:
                        value = new(Literal_)
                        set_value(value, term.value)
                        set_datatype(value, intern(term.datatype.value))
                        set_language(value, term.language)
                    else:
                        value = term_from_oxigraph(term)
                    last_ox[column] = term
                    last[column] = value
                row[variables[column]] = value
        append(row)
    return tuple(rows)


def term_from_oxigraph(term: Any) -> Term:
    kind = type(term)
    if kind is ox.NamedNode:
        iri = _new(IRI)
        _set_iri(iri, term.value)
        return iri
    if kind is ox.Literal:
        literal = _new(Literal_)
        _set_value(literal, term.value)
        _set_datatype(literal, sys.intern(term.datatype.value))
        _set_language(literal, term.language)
        return literal
    if kind is ox.BlankNode:
        blank = _new(BlankNode)
        _set_blank(blank, term.value)
        return blank
    raise QueryError(f"unsupported RDF term in results: {term!r}")


def syntax_error(exc: Exception) -> QueryError:
    """The parser's complaint as one line: ``invalid SPARQL: …``."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid query"
    if len(first) > 160:  # parsers list every expected token; keep the place
        first = first[:157] + "..."
    return QueryError(f"invalid SPARQL: {first}")


def _run_oxigraph(store: ox.Store, sparql: str, params: Mapping[str, Term]) -> QueryResult:
    # Parameters go in as a VALUES block of terms written by pyoxigraph, at the start of the
    # WHERE group, where the optimizer uses them. (pyoxigraph's own ``substitutions`` applies
    # them after evaluation, which is far slower.)
    try:
        result = store.query(
            with_values(sparql, params), prefixes=QUERY_PREFIXES, use_default_graph_as_union=True
        )
    except SyntaxError as exc:
        raise syntax_error(exc) from None
    except OSError as exc:
        raise QueryError(f"the store failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        return QueryResult("select", variables, _ox_rows(result, variables))
    triples = tuple(
        (
            term_from_oxigraph(t.subject),
            term_from_oxigraph(t.predicate),
            term_from_oxigraph(t.object),
        )
        for t in result
    )
    return QueryResult("graph", triples=triples)


def _to_rdflib(term: Term) -> rdflib.term.Identifier:
    if isinstance(term, IRI):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype == XSD + "string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype))


def _from_rdflib(term: Any) -> Term:
    if isinstance(term, rdflib.URIRef):
        return IRI(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal_(str(term), RDF_LANG_STRING, term.language)
        return Literal_(str(term), str(term.datatype) if term.datatype else XSD + "string")
    raise QueryError(f"unsupported RDF term in results: {term!r}")


def _run_rdflib(graph: rdflib.Graph, sparql: str, params: Mapping[str, Term]) -> QueryResult:
    try:
        parseQuery(sparql)
    except ParseException as exc:
        raise syntax_error(exc) from None
    result = graph.query(
        sparql,
        initNs=QUERY_PREFIXES,
        initBindings={rdflib.Variable(k): _to_rdflib(v) for k, v in params.items()},
    )
    if result.type == "ASK":
        return QueryResult("ask", boolean=bool(result.askAnswer))
    if result.type == "SELECT":
        variables = tuple(str(v) for v in result.vars or ())
        solutions: list[Any] = list(result)
        rows = tuple(
            {v: _from_rdflib(row[i]) for i, v in enumerate(variables) if row[i] is not None}
            for row in solutions
        )
        return QueryResult("select", variables, rows)
    statements: list[Any] = list(result)
    triples = tuple((_from_rdflib(s), _from_rdflib(p), _from_rdflib(o)) for s, p, o in statements)
    return QueryResult("graph", triples=triples)


def with_values(sparql: str, params: Mapping[str, Term]) -> str:
    """Insert ``VALUES`` for each parameter at the start of the query's WHERE group."""
    if not params:
        return sparql
    at = sparql_text.where_brace(sparql)
    if at is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { … } group")
    block = " ".join(
        f"VALUES ?{name} {{ {term_to_oxigraph(term)} }}" for name, term in params.items()
    )
    return f"{sparql[: at + 1]} {block} {sparql[at + 1 :]}"
