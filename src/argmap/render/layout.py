"""Node positions computed in Python, so the page draws at once with physics off.

vis-network's physics has to settle every node before a map is readable (measured here: a
5,000-node page had not drawn after 188 s with pyvis's defaults), while a page given
positions with physics off draws 10,000 nodes in about a second. Physics stays one click
away in the page.

The base layout is igraph's Fruchterman-Reingold (Fruchterman & Reingold 1991, "Graph
drawing by force-directed placement"). On one 10,000-node graph (2 cores) its grid variant
took 1.2 s and 5.6 s at 50,000 nodes; igraph's DrL took 12 s and 68 s, LGL 6 s and 46 s; but
a single force layout of a big debate is a ball of wool, so big parts are laid out in two
levels (groups by issue, then the groups), see :func:`force_positions`. Stance and quote
edges pull less than argument edges, so actors do not drag the debate into a knot.

Claims are boxes of text, not points, so a second pass pushes overlapping boxes apart (a
simple iterative axis-aligned separation over a spatial hash, in the spirit of the force-
transfer overlap removal of Huang et al. 2007, "Graph layout with overlap removal").
Everything is seeded: the same map always gets the same picture.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["LARGE_MAP", "box_sizes", "force_positions", "remove_overlaps"]

LARGE_MAP = 400  # nodes; above this the faster grid layout is used and labels are smaller
WEAK_EDGES = {"endorses", "opposes", "concerned", "quotes"}

# The page's label sizes (see html._vis_options): font size grows with degree.
FONT_MIN, FONT_MAX = 14.0, 22.0
CHAR_WIDTH = 0.56  # average glyph width as a fraction of the font size (sans-serif)
LINE_HEIGHT = 1.2
BOX_MARGIN = 10.0

Json = dict[str, Any]
Size = tuple[float, float]


def font_sizes(nodes: Sequence[Json]) -> dict[str, float]:
    """The font size vis-network gives each node's label (its label scaling by ``value``)."""
    values = [n["value"] for n in nodes if "value" in n]
    low, high = (min(values), max(values)) if values else (0, 0)
    sizes = {}
    for n in nodes:
        if "value" not in n:
            sizes[n["id"]] = FONT_MIN
        elif high == low:
            sizes[n["id"]] = (FONT_MIN + FONT_MAX) / 2
        else:
            sizes[n["id"]] = FONT_MIN + (n["value"] - low) / (high - low) * (FONT_MAX - FONT_MIN)
    return sizes


def box_sizes(nodes: Sequence[Json]) -> dict[str, Size]:
    """Approximate drawn width and height of each node in canvas pixels."""
    fonts = font_sizes(nodes)
    sizes: dict[str, Size] = {}
    for n in nodes:
        font = fonts[n["id"]]
        lines = n.get("label", "").split("\n") or [""]
        text_w = max(len(line) for line in lines) * CHAR_WIDTH * font
        text_h = len(lines) * LINE_HEIGHT * font
        if n["kind"] == "relation":
            sizes[n["id"]] = (14.0, 14.0)
        elif n["kind"] == "issue":
            # A diamond (up to 34 px radius) with its label underneath; the box is centred
            # on the diamond, so it reaches as far up as the label reaches down.
            sizes[n["id"]] = (max(text_w, 70.0), 2 * (40.0 + text_h))
        elif n["kind"] == "actor":  # an ellipse around the label
            sizes[n["id"]] = (text_w * 1.3 + 2 * BOX_MARGIN, text_h * 1.4 + 2 * BOX_MARGIN)
        else:
            sizes[n["id"]] = (text_w + 2 * BOX_MARGIN, text_h + 2 * BOX_MARGIN)
    return sizes


def force_positions(
    nodes: Sequence[Json],
    edges: Sequence[Json],
    *,
    seed: int = 1,
) -> dict[str, tuple[float, float]]:
    """Positions in canvas pixels, centred on 0, with boxes that do not overlap.

    Each connected part of the map is laid out on its own and the parts are packed in rows,
    largest first (a force layout lets unconnected parts drift far apart, which shrinks
    everything else to a speck when the page fits the map into view). A part larger than
    :data:`LARGE_MAP` is laid out in two levels: each issue's group of claims on its own,
    then the groups as blocks placed by the links between them, so a big map reads as
    neighbourhoods of debate instead of one ball of wool.
    """
    import igraph  # type: ignore[import-untyped]

    if not nodes:
        return {}
    ids = [n["id"] for n in nodes]
    index = {key: i for i, key in enumerate(ids)}
    weight: dict[tuple[int, int], float] = {}
    for e in edges:
        a, b = index.get(e["from"]), index.get(e["to"])
        if a is None or b is None or a == b:
            continue
        pair = (min(a, b), max(a, b))
        weight[pair] = max(weight.get(pair, 0.0), 0.25 if e["kind"] in WEAK_EDGES else 1.0)
    pairs = sorted(weight)
    graph = igraph.Graph(n=len(ids), edges=pairs, directed=False)
    graph.es["weight"] = [weight[p] for p in pairs]
    all_sizes = box_sizes(nodes)
    sizes = [all_sizes[key] for key in ids]
    groups = _groups(nodes, pairs)
    parts = sorted(
        (sorted(part) for part in graph.connected_components()), key=lambda p: (-len(p), p[0])
    )
    # igraph draws from a module-wide generator: seed it for this call, then give it back.
    igraph.set_random_number_generator(random.Random(seed))  # noqa: S311 (layout, not crypto)
    try:
        laid_out = []
        for part in parts:
            sub = graph.subgraph(part)
            part_sizes = [sizes[i] for i in part]
            if len(part) > LARGE_MAP:
                laid_out.append(_two_level(sub, part_sizes, [groups[i] for i in part], seed))
            else:
                laid_out.append(_small(sub, part_sizes, seed))
    finally:
        igraph.set_random_number_generator(random)
    return _pack(ids, parts, laid_out, all_sizes)


def _groups(nodes: Sequence[Json], pairs: Sequence[tuple[int, int]]) -> list[int]:
    """Group number of each node: its ``home`` issue; a node without one (an actor, a
    source) joins the group most of its neighbours are in."""
    numbers: dict[str, int] = {}
    groups = [numbers.setdefault(n["home"], len(numbers)) if "home" in n else -1 for n in nodes]
    votes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for a, b in pairs:
        if groups[a] < 0 <= groups[b]:
            votes[a][groups[b]] += 1
        if groups[b] < 0 <= groups[a]:
            votes[b][groups[a]] += 1
    for i, g in enumerate(groups):
        if g < 0:
            tally = votes.get(i)
            groups[i] = max(tally, key=lambda k: (tally[k], -k)) if tally else len(numbers) + i
    return groups


def _fruchterman_reingold(graph: Any, seed: int, *, grid: bool) -> list[tuple[float, float]]:
    n = graph.vcount()
    rng = random.Random(seed + n)  # noqa: S311 (layout, not crypto)
    # Start spread over a square of side ~sqrt(n), as igraph's own random start does: the
    # grid variant bins nodes into unit cells, so a tiny start square makes it quadratic.
    half = math.sqrt(n) / 2
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in range(n)]
    coords = graph.layout_fruchterman_reingold(
        weights="weight" if graph.ecount() else None,
        grid=grid,
        seed=start,
        niter=500 if grid else 1500,
    ).coords
    return [(c[0], c[1]) for c in coords]


def _small(graph: Any, sizes: Sequence[Size], seed: int) -> list[tuple[float, float]]:
    """A part of up to :data:`LARGE_MAP` nodes: an edge about as long as a typical box is
    wide, then no box overlaps another."""
    if graph.vcount() == 1:
        return [(0.0, 0.0)]
    coords = _fruchterman_reingold(graph, seed, grid=False)
    typical = sorted(w for w, _ in sizes)[len(sizes) // 2]
    strong = [e.tuple for e in graph.es if e["weight"] == 1.0] or [e.tuple for e in graph.es]
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in strong) or [1.0]
    scale = 1.1 * typical / (lengths[len(lengths) // 2] or 1.0)
    local = {str(i): (x * scale, y * scale) for i, (x, y) in enumerate(coords)}
    separated = remove_overlaps(local, {str(i): size for i, size in enumerate(sizes)})
    return [separated[str(i)] for i in range(len(sizes))]


def _spread(graph: Any, sizes: Sequence[Size], seed: int) -> list[tuple[float, float]]:
    """A group too big to separate box by box: grid layout spread so each box has about
    four times its own area around it (boxes are read zoomed in, a few at a time)."""
    coords = _fruchterman_reingold(graph, seed, grid=True)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    area = max((max(xs) - min(xs)) * (max(ys) - min(ys)), 1e-9)
    scale = math.sqrt(4 * sum(w * h for w, h in sizes) / area)
    return [(x * scale, y * scale) for x, y in coords]


def _two_level(
    graph: Any, sizes: Sequence[Size], groups: Sequence[int], seed: int
) -> list[tuple[float, float]]:
    """Lay out each group, then place the groups as blocks (a force layout of the graph of
    groups, weighted by the edges between them, then blocks pushed apart)."""
    import igraph

    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    order = sorted(members)
    slot = {g: k for k, g in enumerate(order)}
    local: dict[int, list[tuple[float, float]]] = {}
    extent: dict[str, Size] = {}
    for g in order:
        inner = graph.subgraph(members[g])
        inner_sizes = [sizes[i] for i in members[g]]
        if len(members[g]) > LARGE_MAP:
            coords = _spread(inner, inner_sizes, seed)
        elif inner.is_connected():
            coords = _small(inner, inner_sizes, seed)
        else:  # a group joined only through other groups: pack its own pieces
            pieces = sorted(
                (sorted(p) for p in inner.connected_components()), key=lambda p: (-len(p), p[0])
            )
            keys = [str(i) for i in range(len(inner_sizes))]
            placed = _pack(
                keys,
                pieces,
                [_small(inner.subgraph(p), [inner_sizes[i] for i in p], seed) for p in pieces],
                dict(zip(keys, inner_sizes, strict=True)),
                gap=30.0,
            )
            coords = [placed[key] for key in keys]
        left = min(x - w / 2 for (x, _), (w, _) in zip(coords, inner_sizes, strict=True))
        right = max(x + w / 2 for (x, _), (w, _) in zip(coords, inner_sizes, strict=True))
        top = min(y - h / 2 for (_, y), (_, h) in zip(coords, inner_sizes, strict=True))
        bottom = max(y + h / 2 for (_, y), (_, h) in zip(coords, inner_sizes, strict=True))
        cx, cy = (left + right) / 2, (top + bottom) / 2
        local[g] = [(x - cx, y - cy) for x, y in coords]
        extent[str(slot[g])] = (right - left, bottom - top)
    between: dict[tuple[int, int], float] = defaultdict(float)
    for edge in graph.es:
        a, b = slot[groups[edge.source]], slot[groups[edge.target]]
        if a != b:
            between[(min(a, b), max(a, b))] += edge["weight"]
    links = sorted(between)
    blocks = igraph.Graph(n=len(order), edges=links, directed=False)
    blocks.es["weight"] = [between[link] for link in links]
    coords = _fruchterman_reingold(blocks, seed, grid=False)
    typical = sorted(max(w, h) for w, h in extent.values())[len(extent) // 2]
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in links) or [1.0]
    scale = typical / (lengths[len(lengths) // 2] or 1.0)
    centres = remove_overlaps(
        {str(k): (x * scale, y * scale) for k, (x, y) in enumerate(coords)},
        extent,
        padding=80.0,
    )
    result: list[tuple[float, float]] = [(0.0, 0.0)] * len(sizes)
    for g in order:
        bx, by = centres[str(slot[g])]
        for i, (x, y) in zip(members[g], local[g], strict=True):
            result[i] = (bx + x, by + y)
    return result


def _pack(
    ids: list[str],
    parts: list[list[int]],
    laid_out: list[list[tuple[float, float]]],
    sizes: Mapping[str, Size],
    gap: float = 60.0,
) -> dict[str, tuple[float, float]]:
    """Shelf packing: parts left to right in rows about as wide as the whole is tall."""
    boxes = []
    for part, coords in zip(parts, laid_out, strict=True):
        left = min(x - sizes[ids[i]][0] / 2 for i, (x, _) in zip(part, coords, strict=True))
        right = max(x + sizes[ids[i]][0] / 2 for i, (x, _) in zip(part, coords, strict=True))
        top = min(y - sizes[ids[i]][1] / 2 for i, (_, y) in zip(part, coords, strict=True))
        bottom = max(y + sizes[ids[i]][1] / 2 for i, (_, y) in zip(part, coords, strict=True))
        boxes.append((left, top, right - left, bottom - top))
    total = sum((w + gap) * (h + gap) for _, _, w, h in boxes)
    row_width = max(math.sqrt(total) * 1.3, boxes[0][2])
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part, coords, (left, top, w, h) in zip(parts, laid_out, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for i, (px, py) in zip(part, coords, strict=True):
            positions[ids[i]] = (px - left + x, py - top + y)
        x += w + gap
        row_height = max(row_height, h)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {key: (round(px - cx, 1), round(py - cy, 1)) for key, (px, py) in positions.items()}


def remove_overlaps(
    positions: Mapping[str, tuple[float, float]],
    sizes: Mapping[str, Size],
    *,
    padding: float = 14.0,
    rounds: int = 200,
) -> dict[str, tuple[float, float]]:
    """Push overlapping boxes apart along the axis where they overlap least, until none
    overlap or ``rounds`` run out. A spatial hash keeps each round near linear."""
    pos = {key: [x, y] for key, (x, y) in positions.items()}
    keys = sorted(pos)
    cell = max(max(w, h) for w, h in sizes.values()) + padding
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[str]] = defaultdict(list)
        for key in keys:
            x, y = pos[key]
            grid[(int(x // cell), int(y // cell))].append(key)
        moved = False
        for (gx, gy), members in grid.items():
            near = [
                other
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for other in grid.get((gx + dx, gy + dy), ())
            ]
            for a in members:
                ax, ay = pos[a]
                aw, ah = sizes[a]
                for b in near:
                    if b <= a:
                        continue
                    bx, by = pos[b]
                    bw, bh = sizes[b]
                    over_x = (aw + bw) / 2 + padding - abs(ax - bx)
                    over_y = (ah + bh) / 2 + padding - abs(ay - by)
                    if over_x <= 1.0 or over_y <= 1.0:  # within a pixel of the padding
                        continue
                    moved = True
                    # Move each half the overlap along the cheaper axis (ties: by key order).
                    if over_x * (ah + bh) < over_y * (aw + bw):
                        shift = over_x / 2 * (1 if ax >= bx else -1)
                        pos[a][0] += shift
                        pos[b][0] -= shift
                    else:
                        shift = over_y / 2 * (1 if ay >= by else -1)
                        pos[a][1] += shift
                        pos[b][1] -= shift
                    ax, ay = pos[a]
        if not moved:
            break
    return {key: (x, y) for key, (x, y) in pos.items()}
