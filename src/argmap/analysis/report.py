"""The analysis report: statuses, coalitions, controversies, important claims and bridges, as
a plain data structure (:func:`analysis_report`) and as JSON, Markdown or rich tables."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from argmap.analysis.alignment import actor_alignment
from argmap.analysis.dependence import RANKINGS, analyst_dependence
from argmap.analysis.importance import bridges, claim_importance, top
from argmap.model.corpus import Corpus
from argmap.model.ids import claim_key

__all__ = [
    "ARGUMENT_RULE",
    "MEANINGS",
    "REPORT_FORMATS",
    "analysis_report",
    "format_report",
    "legend",
    "print_report",
    "report_markdown",
]

REPORT_FORMATS = ("table", "json", "markdown")
STATUSES = ("accepted", "rejected", "undecided")


def analysis_report(
    corpus: Corpus,
    status: Mapping[str, str],
    *,
    count: int = 10,
    semantics: str = "grounded",
    argument_status: Mapping[str, str] | None = None,
    status_without_analyst: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything ``argmap analyze`` reports, as JSON-ready data.

    ``status`` maps claim keys to accepted / rejected / undecided (grounded semantics, as
    ``argmap.analysis.writeback.corpus_status`` computes it); ``count`` caps each ranking;
    ``semantics`` names how the statuses were computed. ``argument_status`` (by argument key
    ``"<map-id>:<argument-id>"``, as
    :func:`~argmap.analysis.semantics.grounded_statuses_for_corpus` gives it) adds the key
    ``"arguments"``: ``counts`` and ``status`` of the arguments (authored arguments and
    supports), each listed with its premises, conclusion and scheme; the claims' ``counts``
    and ``status`` stay where they are. ``status_without_analyst`` (the claims' statuses,
    under the same semantics, on :func:`~argmap.model.analyst.without_analyst` of the
    corpus) adds the key ``"analyst_dependence"``: what rests on the analyst's links (see
    :func:`~argmap.analysis.dependence.analyst_dependence`).
    """
    figures = claim_importance(corpus)
    alignment = actor_alignment(corpus)
    actors = corpus.actors

    def claim(key: str, **extra: Any) -> dict[str, Any]:
        return {"claim": key, "text": figures[key].text, "status": status.get(key), **extra}

    by_status: dict[str, list[dict[str, str]]] = {s: [] for s in STATUSES}
    for key, f in figures.items():
        label = status.get(key)
        if label in by_status:
            by_status[label].append({"claim": key, "text": f.text})
    report: dict[str, Any] = {
        "maps": [{"id": m.id, "title": m.title, "claims": len(m.claims)} for m in corpus.maps],
        "semantics": semantics,
        "counts": {s: len(items) for s, items in by_status.items()},
        "status": by_status,
        "coalitions": [
            [{"actor": a, "name": actors[a].name} for a in group] for group in alignment.coalitions
        ],
        "agreement": [
            {
                "one": p.one,
                "other": p.other,
                "agree": p.agree,
                "disagree": p.disagree,
                "shared": p.shared,
                "indirect_agree": p.indirect_agree,
                "indirect_disagree": p.indirect_disagree,
            }
            for p in alignment.pairs
        ],
        "matrix": alignment.matrix(),
        "contested": {
            actor: [claim(key, dissenting_actors=n, attacks=a) for key, n, a in items]
            for actor, items in alignment.contested.items()
            if items
        },
        "controversies": [
            claim(
                f.key,
                controversy=round(f.controversy, 4),
                supports=f.supports,
                attacks=f.attacks,
                endorsers=f.endorsers,
                opponents=f.opponents,
            )
            for f in top(figures, "controversy", count)
        ],
        "important": [
            claim(f.key, pagerank=round(f.pagerank, 4), supports=f.supports)
            for f in top(figures, "pagerank", count)
        ],
        "most_attacked": [claim(f.key, attacks=f.attacks) for f in top(figures, "attacks", count)],
        "bridges": [
            {"relation": b.relation, "type": b.type, "from": b.source, "to": b.target}
            for b in bridges(corpus)
        ],
    }
    if argument_status is not None:
        report["arguments"] = _arguments_section(corpus, argument_status)
    if status_without_analyst is not None:
        report["analyst_dependence"] = analyst_dependence(
            corpus, status, status_without_analyst, count=count
        )
    return report


def _arguments_section(corpus: Corpus, status: Mapping[str, str]) -> dict[str, Any]:
    """The arguments by status, each with its premises and conclusion (as claim keys)."""
    by_status: dict[str, list[dict[str, Any]]] = {s: [] for s in STATUSES}
    for m in corpus.maps:
        for argument in m.inferences:
            key = f"{m.id}:{argument.id}"
            label = status.get(key)
            if label in by_status:
                by_status[label].append(
                    {
                        "argument": key,
                        "premises": [claim_key(m.id, p) for p in argument.premises],
                        "conclusion": claim_key(m.id, argument.conclusion),
                        "scheme": argument.scheme,
                    }
                )
    return {"counts": {s: len(items) for s, items in by_status.items()}, "status": by_status}


def format_report(report: Mapping[str, Any], fmt: str) -> str:
    """The report as ``json`` or ``markdown`` text (``table`` prints with :func:`print_report`)."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return report_markdown(report)
    raise ValueError(f"format '{fmt}' is printed, not formatted; use print_report")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: object) -> str:
    """User text made inert in Markdown: specials escaped, line breaks folded."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _code(text: object) -> str:
    """An id as a Markdown code span (ids are slugs: no backticks, but drop any anyway)."""
    return "`" + str(text).replace("`", "") + "`"


def _md_table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def report_markdown(report: Mapping[str, Any]) -> str:
    """The report as a Markdown document."""
    counts = report["counts"]
    maps = ", ".join(f"{_md(m['id'])} ({m['claims']} claims)" for m in report["maps"])
    out = [
        "# Analysis",
        "",
        f"Maps: {maps}. Semantics: {report['semantics']}.",
        "",
        f"**{counts['accepted']} accepted, {counts['rejected']} rejected,"
        f" {counts['undecided']} undecided** claims.",
        "",
        _md(legend()),
        "",
    ]
    for label in STATUSES:
        items = report["status"][label]
        out += [f"## {label.capitalize()} ({len(items)})", ""]
        out += [f"- {_code(i['claim'])} {_md(i['text'])}" for i in items] or ["(none)"]
        out.append("")
    out += _arguments_markdown(report.get("arguments"))
    out += _dependence_markdown(report.get("analyst_dependence"))
    out += ["## Coalitions", ""]
    for n, group in enumerate(report["coalitions"], start=1):
        names = ", ".join(f"{_md(a['name'])} ({_code(a['actor'])})" for a in group)
        out.append(f"{n}. {names}")
    out += ["", "## Agreement between actors", ""]
    out += _md_table(
        ["one", "other", "agree", "disagree", "indirect +", "indirect -"],
        [
            [
                p["one"],
                p["other"],
                p["agree"],
                p["disagree"],
                p["indirect_agree"],
                p["indirect_disagree"],
            ]
            for p in report["agreement"]
        ],
    )
    out += ["## Top controversies", ""]
    out += _md_table(
        ["claim", "controversy", "for", "against", "status", "text"],
        [
            [
                c["claim"],
                c["controversy"],
                c["supports"] + c["endorsers"],
                c["attacks"] + c["opponents"],
                c["status"],
                c["text"],
            ]
            for c in report["controversies"]
        ],
    )
    out += ["## Most important claims (PageRank on supports)", ""]
    out += _md_table(
        ["claim", "pagerank", "supports", "status", "text"],
        [
            [c["claim"], c["pagerank"], c["supports"], c["status"], c["text"]]
            for c in report["important"]
        ],
    )
    out += ["## Most attacked claims", ""]
    out += _md_table(
        ["claim", "attacks", "status", "text"],
        [[c["claim"], c["attacks"], c["status"], c["text"]] for c in report["most_attacked"]],
    )
    out += ["## Bridges between maps", ""]
    out += _md_table(
        ["relation", "type", "from", "to"],
        [[b["relation"], b["type"], b["from"], b["to"]] for b in report["bridges"]],
    )
    out += ["## Most contested claims per actor", ""]
    for actor, items in report["contested"].items():
        shown = "; ".join(
            f"{_code(i['claim'])} ({i['dissenting_actors']} dissenting, {i['attacks']} attacks)"
            for i in items
        )
        out.append(f"- {_md(actor)}: {shown}")
    return "\n".join(out).rstrip() + "\n"


# What the statuses mean, said once for every output (in / out / undec of the labelling).
MEANINGS = {
    "accepted": "in: every attacker is rejected",
    "rejected": "out: some attacker is accepted",
    "undecided": "undec: neither",
}
ARGUMENT_RULE = (
    "An argument is accepted when its premises and conclusion are accepted and no undercut of"
    " it holds, rejected when one of them is rejected or an undercut holds."
)


def legend() -> str:
    """What accepted, rejected and undecided mean, in one line."""
    return "; ".join(f"{status} = {meaning}" for status, meaning in MEANINGS.items()) + "."


def _inference(item: Mapping[str, Any]) -> str:
    """``p1 + p2 → c`` for an argument of the report."""
    return " + ".join(item["premises"]) + " → " + str(item["conclusion"])


def _arguments_markdown(section: Mapping[str, Any] | None) -> list[str]:
    if section is None:
        return []
    counts = section["counts"]
    out = [
        "## Arguments",
        "",
        f"**{counts['accepted']} accepted, {counts['rejected']} rejected,"
        f" {counts['undecided']} undecided** arguments. {_md(ARGUMENT_RULE)}",
        "",
    ]
    for label in STATUSES:
        items = section["status"][label]
        out += [f"### {label.capitalize()} arguments ({len(items)})", ""]
        out += [f"- {_code(i['argument'])} {_md(_inference(i))}" for i in items] or ["(none)"]
        out.append("")
    return out


DEPENDENCE_TITLE = "What rests on the analyst's links"
NO_ANALYST_LINKS = (
    "No argument, relation or stance is the analyst's (by: analyst): every result rests on"
    " what the texts argue."
)
RANKING_TITLES = {
    "controversies": "top controversies",
    "important": "most important claims",
    "most_attacked": "most attacked claims",
}


def analyst_summary(section: Mapping[str, Any]) -> str:
    """One line: how many links are the analyst's, and how many claims change without them."""
    links = section["links"]
    if not links["total"]:
        return NO_ANALYST_LINKS
    changed = len(section["claims"])
    return (
        f"{links['total']} of {links['all']} links ({links['share']:.0%}) are the analyst's:"
        f" {_counted(links['arguments'], 'argument')}, {_counted(links['relations'], 'relation')},"
        f" {_counted(links['stances'], 'stance')}. Without them and the relations that target"
        f" them, {_counted(changed, 'claim')} {'changes' if changed == 1 else 'change'} status."
    )


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _ranking_changes(section: Mapping[str, Any]) -> list[str]:
    """One line per ranking (and the bridges) whose entries move without the analyst."""
    lines = []
    for name in RANKINGS:
        moved = section["rankings"][name]
        if moved:
            shown = ", ".join(
                f"{m['claim']} #{m['rank']} → "
                + (f"#{m['rank_without']}" if m["rank_without"] else "out")
                for m in moved
            )
            lines.append(f"{RANKING_TITLES[name]}: {shown}")
    if section["bridges"]:
        lines.append("bridges that go: " + ", ".join(section["bridges"]))
    return lines


def _dependence_markdown(section: Mapping[str, Any] | None) -> list[str]:
    if section is None:
        return []
    out = [f"## {DEPENDENCE_TITLE}", "", _md(analyst_summary(section)), ""]
    if not section["links"]["total"]:
        return out
    if section["claims"]:
        out += _md_table(
            ["claim", "with the analyst's links", "without", "text"],
            [
                [c["claim"], c["with_analyst"], c["without_analyst"] or "-", c["text"]]
                for c in section["claims"]
            ],
        )
    changes = _ranking_changes(section)
    if changes:
        out += ["Rankings that move without them:", ""]
        out += [f"- {_md(line)}" for line in changes]
        out.append("")
    return out


def _print_dependence(section: Mapping[str, Any], console: Console) -> None:
    console.print(Text(f"{DEPENDENCE_TITLE}: {analyst_summary(section)}"))
    if not section["links"]["total"]:
        return
    if section["claims"]:
        table = _table(
            f"Claims whose status rests on the analyst's links ({len(section['claims'])})"
        )
        table.add_column("claim", ratio=2, overflow="fold")
        table.add_column("with", no_wrap=True)
        table.add_column("without", no_wrap=True)
        table.add_column("text", ratio=3)
        for c in section["claims"]:
            table.add_row(
                Text(c["claim"]),
                _status_text(c["with_analyst"]),
                _status_text(c["without_analyst"]),
                Text(c["text"]),
            )
        console.print(table)
    changes = _ranking_changes(section)
    if changes:
        console.print(Text("Rankings that move without them:"))
        for line in changes:
            console.print(Text(f"  {line}"))


_STYLE = {"accepted": "green", "rejected": "red", "undecided": "yellow"}


def _status_text(label: object) -> Text:
    return Text(str(label or "-"), style=_STYLE.get(str(label), ""))


def print_report(report: Mapping[str, Any], console: Console) -> None:
    """Print the report as rich tables (colours only on a terminal)."""
    counts = report["counts"]
    maps = ", ".join(f"{m['id']} ({m['claims']} claims)" for m in report["maps"])
    console.print(Text(f"Maps: {maps}. Semantics: {report['semantics']}."))
    summary = Text("Claims: ")
    for n, label in enumerate(STATUSES):
        summary.append(f"{counts[label]} {label}", style=_STYLE[label])
        summary.append(", " if n < 2 else "")
    console.print(summary)
    console.print(Text(legend()))
    for label in STATUSES:
        items = report["status"][label]
        table = _table(f"{label.capitalize()} claims ({len(items)})")
        table.add_column("claim", ratio=2, overflow="fold")
        table.add_column("text", ratio=3)
        for item in items:
            table.add_row(Text(item["claim"], style=_STYLE[label]), Text(item["text"]))
        console.print(table)
    section = report.get("arguments")
    if section is not None:
        _print_arguments(section, console)
    dependence = report.get("analyst_dependence")
    if dependence is not None:
        _print_dependence(dependence, console)
    table = _table("Coalitions")
    table.add_column("#", justify="right")
    table.add_column("members")
    for n, group in enumerate(report["coalitions"], start=1):
        table.add_row(str(n), Text(", ".join(f"{a['name']} ({a['actor']})" for a in group)))
    console.print(table)
    table = _table("Agreement between actors (shared claims; indirect through relations)")
    for name in ("one", "other", "agree", "disagree", "indirect +", "indirect -"):
        table.add_column(name, overflow="fold")
    for p in report["agreement"]:
        table.add_row(
            Text(p["one"]),
            Text(p["other"]),
            *(str(p[k]) for k in ("agree", "disagree", "indirect_agree", "indirect_disagree")),
        )
    console.print(table)
    table = _table("Most contested claims per actor (actors on another side, attacks)")
    table.add_column("actor", overflow="fold")
    table.add_column("claims", ratio=3, overflow="fold")
    for actor, items in report["contested"].items():
        shown = "; ".join(f"{i['claim']} ({i['dissenting_actors']}, {i['attacks']})" for i in items)
        table.add_row(Text(actor), Text(shown))
    console.print(table)
    _ranking(
        console,
        "Top controversies",
        report["controversies"],
        [
            ("score", lambda c: f"{c['controversy']:.3f}"),
            ("for", lambda c: str(c["supports"] + c["endorsers"])),
            ("against", lambda c: str(c["attacks"] + c["opponents"])),
        ],
    )
    _ranking(
        console,
        "Most important claims (PageRank on supports)",
        report["important"],
        [
            ("pagerank", lambda c: f"{c['pagerank']:.4f}"),
            ("supports", lambda c: str(c["supports"])),
        ],
    )
    _ranking(
        console,
        "Most attacked claims",
        report["most_attacked"],
        [("attacks", lambda c: str(c["attacks"]))],
    )
    table = _table(f"Bridges between maps ({len(report['bridges'])})")
    for name in ("relation", "type", "from", "to"):
        table.add_column(name, overflow="fold")
    for b in report["bridges"]:
        table.add_row(*(Text(str(b[k])) for k in ("relation", "type", "from", "to")))
    console.print(table)


def _print_arguments(section: Mapping[str, Any], console: Console) -> None:
    counts = section["counts"]
    summary = Text("Arguments: ")
    for n, label in enumerate(STATUSES):
        summary.append(f"{counts[label]} {label}", style=_STYLE[label])
        summary.append(", " if n < 2 else ". ")
    summary.append(ARGUMENT_RULE)
    console.print(summary)
    for label in STATUSES:
        items = section["status"][label]
        table = _table(f"{label.capitalize()} arguments ({len(items)})")
        table.add_column("argument", ratio=2, overflow="fold")
        table.add_column("premises → conclusion", ratio=3, overflow="fold")
        table.add_column("scheme", overflow="fold")
        for item in items:
            table.add_row(
                Text(item["argument"], style=_STYLE[label]),
                Text(_inference(item)),
                Text(item["scheme"] or "-"),
            )
        console.print(table)


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", expand=True)


def _ranking(
    console: Console, title: str, items: list[dict[str, Any]], columns: list[tuple[str, Any]]
) -> None:
    table = _table(title)
    table.add_column("claim", ratio=2, overflow="fold")
    for name, _ in columns:
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("text", ratio=3)
    for item in items:
        table.add_row(
            Text(item["claim"]),
            *(get(item) for _, get in columns),
            _status_text(item["status"]),
            Text(item["text"]),
        )
    console.print(table)
