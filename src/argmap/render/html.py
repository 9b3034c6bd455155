"""The map page: one self-contained HTML file (vis-network, our script and styles inlined).

pyvis holds the nodes, edges and options and renders the page through its Jinja step, but
with our own template: pyvis 0.3.2's templates load Bootstrap and vis-network from CDNs
(a blank or broken page offline), and it copies a ``lib/`` folder beside the output. Our
template inlines the vendored vis-network build (``vendor/``, see PROVENANCE.md) and a
Content-Security-Policy that allows no request to any host and only the page's own
scripts (pinned by sha256, per CSP Level 3 hash sources), so even text that slipped past
escaping could not run or load anything.

All user text travels as JSON in a ``<script type="application/json">`` block with ``<``,
``>`` and ``&`` written as ``\\u003c`` / ``\\u003e`` / ``\\u0026`` (so ``</script>`` in a
claim cannot close it); labels are drawn on a canvas and the details panel is built with
``textContent``, never ``innerHTML``.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap
from argmap.render.elements import (
    Elements,
    actor_selection,
    build_elements,
    focus_selection,
    text_selection,
)
from argmap.render.layout import FONT_MAX, FONT_MIN, LARGE_MAP, force_positions
from argmap.util.files import write_atomic

Json = dict[str, Any]

__all__ = [
    "EDGE_STYLES",
    "NODE_STYLES",
    "VIS_NETWORK_VERSION",
    "RenderedMap",
    "render",
]

VIS_NETWORK_VERSION = "10.1.5"
# Above this many nodes labels are given to vis-network only for the nodes in view once
# zoomed in (measuring every multi-line label up front delays the first draw), and the
# hierarchical layout (which needs every label's size) is not offered.
LAZY_LABELS = 2000
FONT = "system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"

# The visual grammar, in one place: the page styles nodes and edges from these and draws
# the legend from them too, so the legend cannot drift from the picture.
# Edge arrowheads and dash patterns differ by kind, so nothing depends on colour alone.
# ``arrow`` is the head at the target; ``both`` puts one at the source too (a conflict
# both ways); ``double`` draws the edge as two parallel lines, an "=" (a restatement).
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "support": {
        "label": "supports",
        "color": "#2e7d32",
        "width": 2,
        "dashes": False,
        "arrow": "arrow",
    },
    "premise": {
        "label": "premise into an argument",
        "color": "#2e7d32",
        "width": 1.5,
        "dashes": False,
        "arrow": "",
    },
    "conclusion": {
        "label": "argument to its conclusion",
        "color": "#1b5e20",
        "width": 2.5,
        "dashes": False,
        "arrow": "triangle",
    },
    "attack": {
        "label": "attacks (rebuts)",
        "color": "#c62828",
        "width": 2,
        "dashes": [10, 6],
        "arrow": "bar",
    },
    "undermine": {
        "label": "undermines a premise",
        "color": "#ad1457",
        "width": 2,
        "dashes": [6, 3],
        "arrow": "box",
    },
    "undercut": {
        "label": "undercuts an inference",
        "color": "#c62828",
        "width": 2,
        "dashes": [2, 4, 10, 4],
        "arrow": "bar",
    },
    "contrary": {
        "label": "contrary (conflicts one way)",
        "color": "#e65100",
        "width": 2,
        "dashes": [12, 3, 3, 3],
        "arrow": "vee",
    },
    "contradictory": {
        "label": "contradicts (both ways)",
        "color": "#b71c1c",
        "width": 2,
        "dashes": [12, 3, 3, 3],
        "arrow": "vee",
        "both": True,
    },
    "rephrase": {
        "label": "restates (same position)",
        "color": "#455a64",
        "width": 1.5,
        "dashes": False,
        "arrow": "",
        "double": True,
    },
    "endorses": {
        "label": "actor endorses",
        "color": "#1f5fbf",
        "width": 1.5,
        "dashes": [3, 5],
        "arrow": "circle",
    },
    "opposes": {
        "label": "actor opposes",
        "color": "#d35400",
        "width": 1.5,
        "dashes": [3, 5],
        "arrow": "bar",
    },
    "concerned": {
        "label": "actor is concerned",
        "color": "#8e44ad",
        "width": 1.5,
        "dashes": [3, 5],
        "arrow": "diamond",
    },
    "answers": {
        "label": "answers an issue",
        "color": "#a48bc9",
        "width": 1,
        "dashes": False,
        "arrow": "vee",
    },
    "quotes": {
        "label": "quoted from",
        "color": "#9e9e9e",
        "width": 1,
        "dashes": [1, 4],
        "arrow": "",
    },
}

_BOX = {"shape": "box", "margin": 10, "shapeProperties": {"borderRadius": 4}}


def _relation_dot(kind: str, background: str, border: str) -> dict[str, Any]:
    """The small dot that stands for a relation an undercut attacks."""
    return {
        "label": f"{kind} relation (undercut target)",
        "shape": "dot",
        "size": 6,
        "color": {"background": background, "border": border},
    }


NODE_STYLES: dict[str, dict[str, Any]] = {
    "claim": {
        **_BOX,
        "label": "claim",
        "color": {"background": "#eef4fb", "border": "#4a6b8a"},
        "borderWidth": 1,
    },
    "claim-accepted": {
        **_BOX,
        "label": "claim accepted (solid thick border)",
        "color": {"background": "#d8f0d8", "border": "#2e7d32"},
        "borderWidth": 3,
    },
    "claim-rejected": {
        **_BOX,
        "label": "claim rejected (dashed border)",
        "color": {"background": "#f8dcdc", "border": "#b71c1c"},
        "borderWidth": 2,
        "shapeProperties": {"borderRadius": 4, "borderDashes": [6, 4]},
    },
    "claim-undecided": {
        **_BOX,
        "label": "claim undecided (dotted border)",
        "color": {"background": "#fff4cc", "border": "#9a7200"},
        "borderWidth": 2,
        "shapeProperties": {"borderRadius": 4, "borderDashes": [2, 3]},
    },
    "issue": {
        "label": "issue (open question)",
        "shape": "diamond",
        "size": 22,
        "color": {"background": "#6a3d9a", "border": "#3f1f63"},
        "font": {"size": 17, "color": "#3f1f63", "strokeWidth": 4, "strokeColor": "#ffffff"},
    },
    "actor": {
        "label": "actor (kind)",
        "shape": "ellipse",
        "color": {"background": "#fde3c8", "border": "#c25e00"},
        "borderWidth": 1.5,
    },
    **{
        f"relation-{kind}": _relation_dot(kind, background, border)
        for kind, background, border in (
            ("support", "#2e7d32", "#1b5e20"),
            ("attack", "#c62828", "#7f0000"),
            ("undercut", "#c62828", "#7f0000"),
            ("undermine", "#ad1457", "#6a0d36"),
            ("contrary", "#e65100", "#8a3000"),
            ("contradictory", "#b71c1c", "#6d0f0f"),
            ("rephrase", "#455a64", "#263238"),
        )
    },
    # An argument is a junction its premises flow into, as OVA draws AIF's RA nodes: small
    # and without a label (its scheme shows on hover and in the details). The analyst's
    # reconstruction is hollow with a dashed border (not told apart by colour alone).
    "argument": {
        "label": "argument (linked premises)",
        "shape": "diamond",
        "size": 8,
        "color": {"background": "#263238", "border": "#263238"},
        "borderWidth": 1,
    },
    "argument-analyst": {
        "label": "analyst's argument (hollow, dashed)",
        "shape": "diamond",
        "size": 8,
        "color": {"background": "#ffffff", "border": "#263238"},
        "borderWidth": 2,
        "shapeProperties": {"borderDashes": [3, 2]},
    },
    "source": {
        "label": "source document",
        "shape": "database",
        "color": {"background": "#eeeeee", "border": "#757575"},
    },
}


@dataclass(frozen=True)
class RenderedMap:
    """A rendered map page: ``.html`` is the whole self-contained file."""

    html: str
    title: str
    node_count: int
    edge_count: int

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` atomically (nothing else is written beside it)."""
        target = Path(path)
        write_atomic(target, self.html.encode("utf-8"))
        return target

    def _repr_html_(self) -> str:
        """Jupyter display: the page in a sandboxed iframe through ``srcdoc``, so it works
        offline and in front ends that do not run scripts in outputs directly."""
        return (
            '<iframe title="argmap: '
            + html.escape(self.title, quote=True)
            + '" sandbox="allow-scripts" style="width:100%;height:640px;border:1px solid #ddd"'
            + ' srcdoc="'
            + html.escape(self.html, quote=True)
            + '"></iframe>'
        )

    def __str__(self) -> str:
        return self.html


def render(
    source: Corpus | ArgumentMap | Sequence[ArgumentMap],
    *,
    title: str | None = None,
    sources: bool = False,
    focus: str | None = None,
    depth: int = 2,
    actor: str | None = None,
    status: Mapping[str, str] | None = None,
    layout: str = "computed",
    text_only: bool = False,
) -> RenderedMap:
    """Render maps as one interactive, self-contained HTML page.

    ``focus`` (a claim or issue id, ``MAP:ID`` or just ``ID``) keeps only what lies within
    ``depth`` argument steps of it; ``actor`` keeps only what that actor touches; ``sources``
    draws source documents; ``status`` colours claims by analysis status (keys
    ``<map-id>:<claim-id>``, values accepted / rejected / undecided). ``layout`` is
    ``computed`` (positions computed here, drawn at once with physics off; physics is a
    toggle in the page) or ``physics`` (vis-network settles the map in the browser: only
    for small maps). ``text_only`` draws only what the text argues: without the links and
    arguments the analyst added (``by: analyst``) and what only they connect, as the
    page's filter of that name shows.
    """
    if layout not in ("computed", "physics"):
        raise ArgmapError(f"layout '{layout}' is unknown; use computed or physics")
    elements = build_elements(source, with_sources=sources, status=status)
    if text_only:
        elements = elements.restricted_to(*text_selection(elements))
    if focus is not None:
        elements = elements.restricted_to(focus_selection(elements, focus, depth))
    if actor is not None:
        elements = elements.restricted_to(actor_selection(elements, actor))
    maps = list(elements.maps)
    if title is None:
        title = maps[0]["title"] if len(maps) == 1 else f"{len(maps)} argument maps"
        if focus is not None:
            title = f"{title}: around {focus}"
        if actor is not None:
            title = f"{title}: what {actor} touches"
        if text_only:
            title = f"{title}: what the text argues"
    computed = layout == "computed"
    if computed:
        positions = force_positions(elements.nodes, elements.edges)
        for n in elements.nodes:
            n["x"], n["y"] = positions[n["id"]]
    page = _page(elements, title, computed=computed, large=len(elements.nodes) > LARGE_MAP)
    return RenderedMap(
        html=page, title=title, node_count=len(elements.nodes), edge_count=len(elements.edges)
    )


# The group whose style is every node's default: most nodes are plain claims, and a node
# without a group skips vis-network's merging of its group, one node at a time. The other
# groups restate vis-network's own defaults for what the claim style sets and they do not, so
# they look as they would without it.
DEFAULT_GROUP = "claim"
_VIS_DEFAULTS = {"margin": 5, "borderWidth": 1, "shapeProperties": {"borderRadius": 6}}


def _vis_options(*, computed: bool, large: bool) -> dict[str, Any]:
    groups = {
        name: copy.deepcopy({k: v for k, v in style.items() if k != "label"})
        for name, style in NODE_STYLES.items()
    }
    for style in groups.values():
        colour = style["color"]
        colour["highlight"] = {"background": "#fff59d", "border": "#f57f17"}
        colour["hover"] = {"background": colour["background"], "border": "#f57f17"}
    default = groups[DEFAULT_GROUP]
    for name, style in groups.items():
        if name != DEFAULT_GROUP:
            # In the defaults' order, not a set's: the page's bytes must not vary by run.
            for key in _VIS_DEFAULTS:
                if key in default and key not in style:
                    style[key] = copy.deepcopy(_VIS_DEFAULTS[key])
    return {
        "autoResize": True,
        "nodes": {
            **copy.deepcopy(default),
            "font": {"face": FONT, "size": 14, "color": "#1b2631", "multi": False},
            "scaling": {
                "min": 14,
                "max": 34,
                "label": {"enabled": True, "min": FONT_MIN, "max": FONT_MAX, "drawThreshold": 4},
            },
        },
        "edges": {
            # Straight edges on big maps: curves cost a lot to draw.
            "smooth": False if large else {"type": "continuous", "roundness": 0.2},
            "arrowStrikethrough": False,
            "selectionWidth": 2,
            "hoverWidth": 1,
        },
        "groups": groups,
        "physics": (
            {"enabled": False}
            if computed
            else {
                "enabled": True,
                "solver": "forceAtlas2Based",
                "forceAtlas2Based": {
                    "gravitationalConstant": -160,
                    "centralGravity": 0.012,
                    "springLength": 170,
                    "springConstant": 0.06,
                    "avoidOverlap": 0.7,
                },
                "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 100},
            }
        ),
        "layout": {"improvedLayout": not computed, "randomSeed": 7},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
    }


def _resource(name: str) -> str:
    return resources.files("argmap.render").joinpath(name).read_text(encoding="utf-8")


_SCRIPT_BREAKERS = re.compile(r"<(/script|!--)", re.IGNORECASE)


def _inline_script(code: str) -> str:
    """Script text that cannot end its ``<script>`` element early (HTML's script data
    state ends only at ``</script`` and is confused by ``<!--``): write ``<\\/script`` and
    ``<\\!--``, which mean the same inside JavaScript strings and regular expressions."""
    return _SCRIPT_BREAKERS.sub(lambda m: "<\\" + m.group(1), code)


@cache
def _static() -> tuple[str, str, str]:
    """The vendored vis-network, our page script and our stylesheet."""
    return (
        _inline_script(_resource("vendor/vis-network.min.js")),
        _inline_script(_resource("static/map.js")),
        _resource("static/map.css"),
    )


def _sha256_source(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appears
    (each becomes a JSON ``\\u`` escape, which parses back to the same string)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _index(values: Sequence[str]) -> dict[str, int]:
    return {v: i for i, v in enumerate(values)}


def _columns(elements: Elements) -> Json:
    """The graph as columns (one list per field, aligned by node or edge index) rather than
    one object per item: a much smaller page, with far fewer objects for the browser to
    parse and collect before the first draw. Repeated strings (group, kind, map, topic,
    actor, edge ends) become indexes into short lists. The page builds the vis-network items
    from the columns with only the fields vis-network draws from (it copies every field of
    every item); with lazy labels, label and value are given to vis-network when the node
    comes into view."""
    nodes = elements.nodes
    groups = sorted({n["group"] for n in nodes})
    kinds = sorted({n["kind"] for n in nodes})
    edge_kinds = [k for k in EDGE_STYLES if any(e["kind"] == k for e in elements.edges)]
    group_at, kind_at, edge_kind_at = _index(groups), _index(kinds), _index(edge_kinds)
    map_at = _index([m["id"] for m in elements.maps])
    topic_at = _index([t["id"] for t in elements.topics])
    actor_at = _index([a["id"] for a in elements.actors])
    node_at = _index([n["id"] for n in nodes])
    node_columns: Json = {
        "id": [n["id"] for n in nodes],
        "group": [group_at[n["group"]] for n in nodes],
        "kind": [kind_at[n["kind"]] for n in nodes],
        # -1: none (actors and sources belong to no map; a node off every issue has no home).
        "map": [map_at.get(n.get("map", ""), -1) for n in nodes],
        "home": [node_at.get(n.get("home", ""), -1) for n in nodes],
        "topics": [[topic_at[t] for t in n.get("topics", ()) if t in topic_at] for n in nodes],
        "actors": [[actor_at[a] for a in n.get("actors", ()) if a in actor_at] for n in nodes],
        "label": [n["label"] for n in nodes],
        # -1: no value (documents and relation dots keep their own size).
        "value": [n.get("value", -1) for n in nodes],
        "level": [n["level"] for n in nodes],
    }
    if nodes and "x" in nodes[0]:
        node_columns["x"] = [n["x"] for n in nodes]
        node_columns["y"] = [n["y"] for n in nodes]
    edges = elements.edges
    halves = {"from": 1, "to": 2}
    edge_columns: Json = {
        "id": [e["id"] for e in edges],
        "from": [node_at[e["from"]] for e in edges],
        "to": [node_at[e["to"]] for e in edges],
        "kind": [edge_kind_at[e["kind"]] for e in edges],
        # 1 / 2: the first / second half of a relation drawn through its own node.
        "half": [halves.get(e.get("half", ""), 0) for e in edges],
    }
    # Sparse: few nodes have hover text (arguments: their scheme), and the page's "only what
    # the text argues" filter hides the few nodes and edges text_selection drops.
    node_columns["title"] = [[i, n["title"]] for i, n in enumerate(nodes) if "title" in n]
    hidden: list[int] = []
    dropped_edges: list[int] = []
    if any(n.get("analyst") for n in nodes) or any(e.get("analyst") for e in edges):
        keep, dropped = text_selection(elements)
        hidden = [i for i, n in enumerate(nodes) if n["id"] not in keep]
        dropped_edges = [j for j, e in enumerate(edges) if e["id"] in dropped]
    return {
        "groups": groups,
        "kinds": kinds,
        "edge_kinds": edge_kinds,
        "nodes": node_columns,
        "edges": edge_columns,
        "text_only": {"hidden": hidden, "edges": dropped_edges},
    }


def _compact_details(details: Mapping[str, Json]) -> Json:
    """Details with each quote's source title written once in a list and named by its
    index (the same few documents are quoted thousands of times on a big map)."""
    titles: list[str] = []
    title_at: dict[str, int] = {}

    def source(title: str) -> int:
        if title not in title_at:
            title_at[title] = len(titles)
            titles.append(title)
        return title_at[title]

    items: dict[str, Json] = {}
    for key, d in details.items():
        if "quotes" in d:
            d = {**d, "quotes": [[q["text"], source(q["source"])] for q in d["quotes"]]}
        items[key] = d
    return {"sources": titles, "items": items}


def _page(elements: Elements, title: str, *, computed: bool, large: bool) -> str:
    import jinja2
    from pyvis.network import Network

    vis_js, page_js, page_css = _static()
    has_status = any("status" in n for n in elements.nodes)
    kinds_present = {e["kind"] for e in elements.edges}
    groups_present = {n["group"] for n in elements.nodes}
    net = Network(height="100%", width="100%", directed=True, heading=title, cdn_resources="remote")
    lazy = len(elements.nodes) > LAZY_LABELS
    # pyvis only renders our template (net.nodes / net.edges stay empty): the page reads
    # the graph from our data block.
    net.options = _vis_options(computed=computed, large=large)
    # Our template instead of pyvis's (see the module docstring), with autoescaping on:
    # pyvis's own environment does not escape, and the title is user text.
    net.templateEnv = jinja2.Environment(
        loader=jinja2.PackageLoader("argmap.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    net.path = "map.html.j2"
    meta = {
        "title": title,
        "computed_layout": computed,
        "hierarchical_allowed": not lazy,
        "lazy_labels": lazy,
        "maps": elements.maps,
        "actors": elements.actors,
        "topics": elements.topics,
        "edge_styles": EDGE_STYLES,
        "has_status": has_status,
        "default_group": DEFAULT_GROUP,
        "vis_network": VIS_NETWORK_VERSION,
    }
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_sha256_source(vis_js)} {_sha256_source(page_js)}",
            "style-src 'unsafe-inline'",  # vis-network injects its stylesheet at run time
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    tables = _columns(elements)
    details = _compact_details(elements.details)
    if lazy:
        # Labels wait for the zoom: they travel with the details, after the page script.
        details["labels"] = tables["nodes"].pop("label")
    net.templateEnv.globals.update(
        {
            "argmap_csp": csp,
            "argmap_css": page_css,
            "argmap_vis_js": vis_js,
            "argmap_page_js": page_js,
            "argmap_details": script_json(details),
            "argmap_data": script_json({"meta": meta, "options": net.options, **tables}),
            "legend_edges": [
                (kind, style) for kind, style in EDGE_STYLES.items() if kind in kinds_present
            ],
            "legend_nodes": [
                (group, style) for group, style in NODE_STYLES.items() if group in groups_present
            ],
            "legend_arguments": any(n["kind"] == "argument" for n in elements.nodes),
        }
    )
    page: str = net.generate_html(name="map.html")
    return page
