"""Querying from the library and the CLI: result formats other tools read, exit codes, stores."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from argmap import Corpus
from argmap.cli import app
from argmap.errors import InputError
from argmap.formats.registry import load
from argmap.sparql import text
from argmap.sparql.local import IRI, Literal_, QueryError, query
from argmap.sparql.results import format_result
from tests.conftest import DATA
from tests.test_named_queries import ARGUMENT_ROWS  # the argument queries' exact rows

MINI = str(DATA / "mini.yaml")
runner = CliRunner()
CLAIMS_WITH_KIND = """
SELECT ?claim ?kind ?strength WHERE {
  ?c a am:Claim ; dcterms:identifier ?claim .
  OPTIONAL { ?c am:kind ?kind }
  OPTIONAL { ?r am:source ?c ; am:strength ?strength }
} ORDER BY ?claim
"""


def test_rows_are_typed_and_records_are_plain(mini_corpus: Corpus) -> None:
    result = query(mini_corpus, CLAIMS_WITH_KIND)
    assert result.variables == ("claim", "kind", "strength")
    assert result.rows[1]["kind"] == IRI("https://w3id.org/argmap/ns#Prediction")
    assert result.records()[1] == {
        "claim": "gap-closing",
        "kind": "https://w3id.org/argmap/ns#Prediction",
        "strength": 0.5,
    }
    assert result.records()[3]["strength"] is None


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_result_formats_read_back_by_pyoxigraph_as_the_same_solutions(
    mini_corpus: Corpus, fmt: str
) -> None:
    result = query(mini_corpus, CLAIMS_WITH_KIND)
    text = format_result(result, fmt)
    parsed = ox.parse_query_results(
        text.encode(), format=getattr(ox.QueryResultsFormat, fmt.upper())
    )
    assert [v.value for v in parsed.variables] == list(result.variables)
    solutions = list(parsed)
    assert len(solutions) == len(result.rows) == 4
    claims = [s["claim"].value for s in solutions]
    assert claims == ["erodes-advantage", "gap-closing", "open-cheap", "quality-gap"]
    assert solutions[1]["strength"] == ox.Literal(
        "0.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")
    )
    assert solutions[3]["strength"] is None  # unbound stays unbound


def test_csv_results_hold_plain_values_with_a_header(mini_corpus: Corpus) -> None:
    import csv
    import io

    text = format_result(query(mini_corpus, CLAIMS_WITH_KIND), "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["claim", "kind", "strength"]
    assert rows[2] == ["gap-closing", "https://w3id.org/argmap/ns#Prediction", "0.5"]
    assert rows[4] == ["quality-gap", "https://w3id.org/argmap/ns#Value", ""]
    assert text.endswith("\r\n")  # the W3C CSV format ends lines with CRLF


def test_ask_in_w3c_json() -> None:
    result = runner.invoke(app, ["query", MINI, "-q", "ASK { ?c a am:Claim }", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}


def test_ask_exits_1_when_false_for_scripting() -> None:
    result = runner.invoke(app, ["query", MINI, "-q", "ASK { ?c a am:Nothing }"])
    assert (result.exit_code, result.stdout) == (1, "false\n")


def test_construct_prints_turtle_that_parses(mini_corpus: Corpus) -> None:
    result = runner.invoke(
        app, ["query", MINI, "-q", "CONSTRUCT { ?a am:supports ?b } WHERE { ?a am:supports ?b }"]
    )
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(result.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert len(triples) == 1


def test_table_shows_each_row_on_one_line_and_counts_rows() -> None:
    result = runner.invoke(
        app, ["query", MINI, "-n", "claims-endorsed-by", "-p", "actor=hobbyists"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["actor", "map", "claim", "text", "strength"]
    assert lines[2].split()[:3] == ["hobbyists", "mini", "open-cheap"]
    assert lines[-1] == "(1 row)"


def test_query_file_and_named_query_give_the_same_rows(tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text(CLAIMS_WITH_KIND)
    by_file = runner.invoke(app, ["query", MINI, "--file", str(rq), "-f", "csv"])
    by_text = runner.invoke(app, ["query", MINI, "-q", CLAIMS_WITH_KIND, "--format", "csv"])
    assert by_file.exit_code == 0 and by_file.stdout == by_text.stdout


def test_persistent_store_answers_like_the_files(tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = runner.invoke(app, ["build", MINI, "--store", str(store)])
    assert built.exit_code == 0, built.output
    from_store = runner.invoke(app, ["query", str(store), "-n", "contested-claims"])
    from_files = runner.invoke(app, ["query", MINI, "-n", "contested-claims"])
    assert from_store.exit_code == 0, from_store.output
    assert from_store.stdout == from_files.stdout
    again = runner.invoke(app, ["build", MINI, "--store", str(store)])
    assert again.exit_code == 1 and "store folder is not empty" in again.stderr


def test_a_folder_that_is_no_store_is_named() -> None:
    result = runner.invoke(app, ["query", str(DATA / "shapes"), "-n", "issues-overview"])
    assert result.exit_code == 1
    assert "not an argmap store folder" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-q", "SELECT ?x WHERE {"], "invalid SPARQL: error at 1:18"),
        (["-q", "DELETE WHERE { ?s ?p ?o }"], "this is a SPARQL Update"),
        (["-n", "contested"], "unknown named query 'contested'; did you mean 'contested-claims'?"),
        (["-n", "claims-endorsed-by"], "needs parameter 'actor'"),
        (["-n", "contested-claims", "-p", "actor=x"], "has no parameter 'actor'"),
        (
            ["-q", "SELECT ?c WHERE { ?c a am:Claim }", "-p", "nope=1"],
            "parameter 'nope' is not a variable of the query",
        ),
        (["-q", "SELECT ?c WHERE { ?c ?p ?x }", "-p", "x"], "must look like name=value"),
        (["-n", "issues-overview", "--format", "yaml"], "unknown --format 'yaml'"),
        ([], "give exactly one of --query, --file or --name"),
    ],
    ids=[
        "syntax",
        "update",
        "unknown-name",
        "missing-param",
        "extra-param",
        "unused-param",
        "param-form",
        "format",
        "nothing",
    ],
)
def test_bad_queries_get_one_line_and_exit_1(args: list[str], expected: str) -> None:
    result = runner.invoke(app, ["query", MINI, *args])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert expected in result.stderr


def test_injection_attempt_is_bound_as_a_literal(mini_corpus: Corpus) -> None:
    result = runner.invoke(
        app, ["query", MINI, "-n", "claims-endorsed-by", "-p", 'actor=x" } ; DROP ALL ; #']
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "(0 rows)"


def test_comment_lines_before_a_query_are_read_in_linear_time(mini_corpus: Corpus) -> None:
    # The update check once split a line of '#' into comments in every possible way, doubling
    # its time with each '#': 22 took 0.9 s, 24 about 4 s, 40 would not have finished.
    start = time.perf_counter()
    result = query(mini_corpus, "#" * 24 + "\nASK { ?c a am:Claim }")
    assert result.boolean is True
    assert time.perf_counter() - start < 1.0


def test_the_tokenizer_reads_huge_comments_and_strings_in_linear_time() -> None:
    started = time.perf_counter()
    comment = "#" * 100_000 + "\nASK { ?c a am:Claim }"
    assert text.is_update(comment) is False
    assert text.variables(comment) == {"c"}
    literal = 'SELECT ?x WHERE { BIND("' + "a" * 1_000_000 + '" AS ?x) }'
    assert text.variables(literal) == {"x"}
    assert text.where_brace(literal) == 16
    long_literal = "SELECT ?x WHERE { BIND(" + "'''" + "a'" * 500_000 + "'' AS ?x) }"
    assert text.variables(long_literal) == {"x"}
    unterminated = "SELECT ?x WHERE { BIND(" + "'''" + "a\\" * 500_000
    assert text.has_service(unterminated) is False
    assert time.perf_counter() - started < 1.0


def test_the_tokenizer_skips_strings_iris_and_comments() -> None:
    long_string = "'" * 3 + "?hidden\n" + "'" * 3
    sparql = (
        "PREFIX ex: <http://ex.org/#?hidden>\n"
        "SELECT ?a $b WHERE { # ?hidden SERVICE\n"
        f'  ?a ex:p {long_string} ; skos:q "SERVICE ?hidden" ; ex:r $b }}'
    )
    assert text.variables(sparql) == {"a", "b"}
    assert text.where_brace(sparql) == sparql.index("{")
    assert text.has_service(sparql) is False
    assert text.is_update(sparql) is False
    assert text.prefixes_used(sparql) == {"skos"}
    kinds = [t.kind for t in text.tokens("?x <i> 'a' 1.5 ex:y # c")]
    assert kinds == ["variable", "iri", "string", "number", "word", "comment"]
    # A CONSTRUCT's first group is its template: parameters go into the second.
    construct = "CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }"
    assert text.where_brace(construct) == construct.rindex("{")


def test_map_files_are_read_by_the_callers_loader() -> None:
    sparql = "ASK { ?c a am:Claim }"
    with pytest.raises(InputError, match=r"mini\.yaml: .*pass load=argmap\.load") as caught:
        query(MINI, sparql)
    assert caught.value.option == "load"
    assert query(MINI, sparql, load=load).boolean is True


def test_an_update_behind_comments_and_prefixes_is_refused(mini_corpus: Corpus) -> None:
    sparql = (
        "# tidy up\nPREFIX ex: <http://ex.org/#>\n#####\nBASE <http://b/>\n"
        "DELETE WHERE { ?s ?p ?o }"
    )
    with pytest.raises(QueryError, match="this is a SPARQL Update"):
        query(mini_corpus, sparql)


def test_parameters_bind_iris_and_numbers(mini_corpus: Corpus) -> None:
    sparql = "SELECT ?r ?s WHERE { ?r am:strength ?s ; am:source ?c }"
    claim = IRI("https://w3id.org/argmap/id/map/mini/claim/open-cheap")
    assert query(mini_corpus, sparql, {"c": claim}).column("r") == [
        "https://w3id.org/argmap/id/map/mini/relation/r1"
    ]
    with pytest.raises(QueryError, match="not a variable"):
        query(mini_corpus, sparql, {"zzz": Literal_("1")})


def test_queries_lists_every_named_query_with_an_example() -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0
    assert result.stdout.count("    e.g. argmap query ") == 20
    assert "contested-claims\n    Which claims are both argued for and attacked" in result.stdout
    assert (
        "arguments-for-claim\n    Which arguments conclude a claim, from which premises, and by"
        " which scheme?\n    -p claim=…  id of the claim" in result.stdout
    )


def test_rdf_files_are_queried_as_they_are_beside_maps(tmp_path: Path) -> None:
    # The ontology is no map: it is loaded as RDF and joins with the map's graph.
    from tests.conftest import ROOT

    ontology = str(ROOT / "ontology" / "argmap.ttl")
    sparql = "SELECT ?label WHERE { ?c a am:Claim ; am:kind ?k . ?k rdfs:label ?label } LIMIT 1"
    result = runner.invoke(app, ["query", MINI, ontology, "-q", sparql, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "label"
    assert len(result.stdout.splitlines()) == 2


def test_a_broken_rdf_file_is_named_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("garbage\n")
    result = runner.invoke(app, ["query", str(bad), "-n", "issues-overview"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}: not valid turtle: Parser error at line 1")


def test_terms_from_pyoxigraph_are_the_same_values_as_built_by_hand() -> None:
    # Rows are built through the slot descriptors (the fast path), not __init__: each term must
    # still equal, hash and print like one made the ordinary way, and stay immutable.
    from argmap.sparql.local import XSD, BlankNode

    store = ox.Store()
    s, p = ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p")
    for o in (
        ox.Literal("plain"),
        ox.Literal("chat", language="fr"),
        ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")),
        ox.BlankNode("b1"),
    ):
        store.add(ox.Quad(s, p, o))
    result = query(store, "SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY STR(?o)")
    lang = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
    assert result.rows == (
        {"s": IRI("http://x/s"), "o": BlankNode("b1")},  # STR() of a blank node: unbound, first
        {"s": IRI("http://x/s"), "o": Literal_("3", XSD + "integer")},
        {"s": IRI("http://x/s"), "o": Literal_("chat", lang, "fr")},
        {"s": IRI("http://x/s"), "o": Literal_("plain")},
    )
    assert [repr(r["o"]) for r in result.rows][2] == f"Literal_('chat', '{lang}', 'fr')"
    assert {hash(r["s"]) for r in result.rows} == {hash(IRI("http://x/s"))}
    assert [r["o"] for r in result.records()] == ["_:b1", 3, "chat", "plain"]
    with pytest.raises(AttributeError, match="immutable"):
        result.rows[0]["s"].value = "http://elsewhere"  # type: ignore[misc]
    graph = query(store, "CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o FILTER isBlank(?o) }")
    assert graph.triples == ((BlankNode("b1"), IRI("http://x/p"), IRI("http://x/s")),)


def test_a_triple_term_in_results_is_a_query_error() -> None:
    sparql = "SELECT ?t WHERE { BIND(<<( <http://a> <http://b> <http://c> )>> AS ?t) }"
    with pytest.raises(QueryError, match="unsupported RDF term"):
        query(ox.Store(), sparql)


# ---- the queries about arguments (issue 15), from the command line ------------------------------

ARGUMENTS = str(DATA / "arguments.yaml")


@pytest.mark.parametrize("name", sorted(ARGUMENT_ROWS))
def test_argument_queries_print_their_exact_rows_on_the_command_line(name: str) -> None:
    import csv
    import io

    params, rows = ARGUMENT_ROWS[name]
    options = [part for key, value in params.items() for part in ("-p", f"{key}={value}")]
    result = runner.invoke(app, ["query", ARGUMENTS, "-n", name, *options, "--format", "csv"])
    assert result.exit_code == 0, result.output
    # CSV holds plain values: numbers as their digits, an unbound value as nothing.
    expected = [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
    assert list(csv.DictReader(io.StringIO(result.stdout))) == expected
    assert len(expected) > 0


def test_arguments_for_claim_table_shows_a_linked_arguments_premises_on_lines_together() -> None:
    result = runner.invoke(
        app, ["query", ARGUMENTS, "-n", "arguments-for-claim", "-p", "claim=solar-overtakes"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["claim", "map", "argument", "scheme", "premise", "text"]
    assert [line.split()[2] for line in lines[2:5]] == ["forecast", "forecast", "trend"]
    assert "Argument from market forces  cheap-draws " in lines[2]
    assert lines[-1] == "(3 rows)"
