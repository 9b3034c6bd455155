"""Node positions computed in Python, so the page draws at once with physics off.

vis-network's physics has to settle every node before a map is readable, which on a big map
takes longer than anyone waits, while a page given positions with physics off draws at once.
Physics stays one click away in the page.

The base layout is igraph's Fruchterman-Reingold (Fruchterman & Reingold 1991, "Graph
drawing by force-directed placement"), whose grid variant is faster on big graphs than
igraph's DrL and LGL; but a single force layout of a big debate is a ball of wool, so big
parts are laid out in two levels (groups by issue, then the groups), see
:func:`force_positions`. Stance and quote edges pull less than argument edges, so actors do
not drag the debate into a knot.

An argument's junction node is then moved onto the line from its conclusion to the middle
of its premises, where no box is (:func:`place_junctions`): the force layout puts it near
its neighbours, which for an attacked argument need not be between them.

Claims are boxes of text, not points, so a second pass pushes overlapping boxes apart (a
simple iterative axis-aligned separation over a spatial hash, in the spirit of the force-
transfer overlap removal of Huang et al. 2007, "Graph layout with overlap removal").
The groups of a big map are blocks of very different sizes, which that pass shakes for
hundreds of rounds without separating; they are placed greedily instead, from the middle
out, each on the first free spot along its ray from the middle (:func:`place_near`).
Everything is seeded: the same map always gets the same picture.

The hot paths keep to plain lists and igraph's C-level ``GraphBase``: ``igraph.Graph()``
tries to import numpy on every construction, a file-system search that costs more than
laying out a small group.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "LARGE_MAP",
    "box_sizes",
    "force_positions",
    "place_junctions",
    "place_near",
    "remove_overlaps",
]

LARGE_MAP = 400  # nodes; above this the faster grid layout is used and labels are smaller
WEAK_EDGES = {"endorses", "opposes", "concerned", "quotes"}
# An argument's edges pull harder than a support: premise -> junction -> conclusion is two
# edges, and should span about what one support does.
JUNCTION_EDGES = {"premise", "conclusion"}
EDGE_WEIGHTS = {**dict.fromkeys(WEAK_EDGES, 0.25), **dict.fromkeys(JUNCTION_EDGES, 3.0)}

# The page's label sizes (see html._vis_options): font size grows with degree.
FONT_MIN, FONT_MAX = 14.0, 22.0
CHAR_WIDTH = 0.56  # average glyph width as a fraction of the font size (sans-serif)
LINE_HEIGHT = 1.2
BOX_MARGIN = 10.0
JUNCTION = 18.0  # drawn width and height of an argument's junction node

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
        lines = n.get("label", "").split("\n")
        text_w = max(map(len, lines)) * CHAR_WIDTH * font
        text_h = len(lines) * LINE_HEIGHT * font
        kind = n["kind"]
        if kind == "relation":
            sizes[n["id"]] = (14.0, 14.0)
        elif kind == "argument":  # a diamond of size 8 (its half-diagonal) and no label
            sizes[n["id"]] = (JUNCTION, JUNCTION)
        elif kind == "issue":
            # A diamond (up to 34 px radius) with its label underneath; the box is centred
            # on the diamond, so it reaches as far up as the label reaches down.
            sizes[n["id"]] = (max(text_w, 70.0), 2 * (40.0 + text_h))
        elif kind == "actor":  # an ellipse around the label
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
        pair = (a, b) if a < b else (b, a)
        weight[pair] = max(weight.get(pair, 0.0), EDGE_WEIGHTS.get(e["kind"], 1.0))
    pairs = sorted(weight)
    graph = _Graph(len(ids), pairs, [weight[p] for p in pairs])
    all_sizes = box_sizes(nodes)
    sizes = [all_sizes[key] for key in ids]
    groups = _groups(nodes, pairs)
    parts = graph.components()
    # igraph draws from a module-wide generator: seed it for this call, then give it back.
    igraph.set_random_number_generator(random.Random(seed))  # noqa: S311 (layout, not crypto)
    try:
        laid_out = []
        for part, sub in zip(parts, graph.split(parts), strict=True):
            part_sizes = [sizes[i] for i in part]
            if len(part) > LARGE_MAP:
                laid_out.append(_two_level(sub, part_sizes, [groups[i] for i in part], seed))
            else:
                laid_out.append(_small(sub, part_sizes, seed))
    finally:
        igraph.set_random_number_generator(random)
    return place_junctions(_pack(ids, parts, laid_out, all_sizes), nodes, edges, all_sizes)


class _Graph:
    """An undirected weighted graph as plain lists: ``n`` vertices, ``edges`` as pairs of
    positions, one weight per edge. igraph objects are made only for its layout calls: a
    big map has thousands of groups, and making each with ``subgraph`` costs more than
    laying it out."""

    __slots__ = ("edges", "n", "weights")

    def __init__(self, n: int, edges: list[tuple[int, int]], weights: list[float]) -> None:
        self.n = n
        self.edges = edges
        self.weights = weights

    def split(self, groups: Sequence[Sequence[int]]) -> list[_Graph]:
        """The subgraph each group of vertices induces (vertices renumbered in group order;
        every vertex in at most one group)."""
        where = [-1] * self.n
        local = [0] * self.n
        for g, members in enumerate(groups):
            for k, v in enumerate(members):
                where[v] = g
                local[v] = k
        result = [_Graph(len(members), [], []) for members in groups]
        for (a, b), w in zip(self.edges, self.weights, strict=True):
            g = where[a]
            if g >= 0 and g == where[b]:
                result[g].edges.append((local[a], local[b]))
                result[g].weights.append(w)
        return result

    def igraph(self) -> Any:
        """The graph for igraph's algorithms: its C-level base class, which (unlike
        ``igraph.Graph``) does not try to import numpy on every construction, a file system
        search that costs more than laying out a small group."""
        import igraph

        return igraph.GraphBase(self.n, self.edges, False)

    def components(self) -> list[list[int]]:
        """Connected components, each sorted, largest first (ties: smallest vertex)."""
        membership = self.igraph().connected_components()
        found: dict[int, list[int]] = defaultdict(list)
        for v, c in enumerate(membership):
            found[c].append(v)
        return sorted(found.values(), key=lambda p: (-len(p), p[0]))


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


# Iterations of Fruchterman-Reingold: a small part alone on the page gets the most; the
# many small groups of a big map settle well within igraph's default of 500.
SMALL_ITERATIONS = 1500
GROUP_ITERATIONS = 500
GRID_ITERATIONS = 500
BLOCK_GAP = 80.0  # pixels between the blocks of a big map
BLOCK_FILL = 0.5


def _fruchterman_reingold(
    graph: _Graph, seed: int, *, grid: bool, niter: int
) -> list[tuple[float, float]]:
    n = graph.n
    rng = random.Random(seed + n)  # noqa: S311 (layout, not crypto)
    # Start spread over a square of side ~sqrt(n), as igraph's own random start does: the
    # grid variant bins nodes into unit cells, so a tiny start square makes it quadratic.
    half = math.sqrt(n) / 2
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in range(n)]
    coords = graph.igraph().layout_fruchterman_reingold(
        weights=graph.weights if graph.edges else None, grid=grid, seed=start, niter=niter
    )
    return [(c[0], c[1]) for c in coords]


def _small(
    graph: _Graph, sizes: Sequence[Size], seed: int, niter: int = SMALL_ITERATIONS
) -> list[tuple[float, float]]:
    """A part of up to :data:`LARGE_MAP` nodes: an edge about as long as a typical box is
    wide, then no box overlaps another."""
    if graph.n == 1:
        return [(0.0, 0.0)]
    coords = _fruchterman_reingold(graph, seed, grid=False, niter=niter)
    typical = sorted(w for w, _ in sizes)[len(sizes) // 2]
    strong = [e for e, w in zip(graph.edges, graph.weights, strict=True) if w == 1.0]
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in strong or graph.edges) or [1.0]
    scale = 1.1 * typical / (lengths[len(lengths) // 2] or 1.0)
    # Boxes in the order of their keys as strings ("0", "1", "10"...), the order
    # remove_overlaps takes keys in: the same picture as remove_overlaps would give.
    order = sorted(range(len(sizes)), key=str)
    xs = [coords[i][0] * scale for i in order]
    ys = [coords[i][1] * scale for i in order]
    _separate(xs, ys, [sizes[i] for i in order], 14.0, 200)
    result: list[tuple[float, float]] = [(0.0, 0.0)] * len(sizes)
    for k, i in enumerate(order):
        result[i] = (xs[k], ys[k])
    return result


def _spread(graph: _Graph, sizes: Sequence[Size], seed: int) -> list[tuple[float, float]]:
    """A group too big to separate box by box: grid layout spread so each box has about
    four times its own area around it (boxes are read zoomed in, a few at a time)."""
    coords = _fruchterman_reingold(graph, seed, grid=True, niter=GRID_ITERATIONS)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    area = max((max(xs) - min(xs)) * (max(ys) - min(ys)), 1e-9)
    scale = math.sqrt(4 * sum(w * h for w, h in sizes) / area)
    return [(x * scale, y * scale) for x, y in coords]


def _group_layout(graph: _Graph, sizes: Sequence[Size], seed: int) -> list[tuple[float, float]]:
    """One group of a big part, in its own coordinates."""
    if graph.n > LARGE_MAP:
        return _spread(graph, sizes, seed)
    pieces = graph.components()
    if len(pieces) == 1:
        return _small(graph, sizes, seed, GROUP_ITERATIONS)
    # A group joined only through other groups: pack its own pieces.
    keys = [str(i) for i in range(graph.n)]
    placed = _pack(
        keys,
        pieces,
        [
            _small(piece, [sizes[i] for i in p], seed, GROUP_ITERATIONS)
            for p, piece in zip(pieces, graph.split(pieces), strict=True)
        ],
        dict(zip(keys, sizes, strict=True)),
        gap=30.0,
    )
    return [placed[key] for key in keys]


def _two_level(
    graph: _Graph, sizes: Sequence[Size], groups: Sequence[int], seed: int
) -> list[tuple[float, float]]:
    """Lay out each group, then place the groups as blocks (a force layout of the graph of
    groups, weighted by the edges between them, then each block at the free spot nearest
    its place in that layout)."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    order = sorted(members)
    slot = {g: k for k, g in enumerate(order)}
    local: list[list[tuple[float, float]]] = []
    extent: list[Size] = []
    for g, inner in zip(order, graph.split([members[g] for g in order]), strict=True):
        inner_sizes = [sizes[i] for i in members[g]]
        coords = _group_layout(inner, inner_sizes, seed)
        left = min(x - w / 2 for (x, _), (w, _) in zip(coords, inner_sizes, strict=True))
        right = max(x + w / 2 for (x, _), (w, _) in zip(coords, inner_sizes, strict=True))
        top = min(y - h / 2 for (_, y), (_, h) in zip(coords, inner_sizes, strict=True))
        bottom = max(y + h / 2 for (_, y), (_, h) in zip(coords, inner_sizes, strict=True))
        cx, cy = (left + right) / 2, (top + bottom) / 2
        local.append([(x - cx, y - cy) for x, y in coords])
        extent.append((right - left, bottom - top))
    block_of = [slot[g] for g in groups]
    between: dict[tuple[int, int], float] = defaultdict(float)
    for (a, b), w in zip(graph.edges, graph.weights, strict=True):
        ga, gb = block_of[a], block_of[b]
        if ga != gb:
            between[(ga, gb) if ga < gb else (gb, ga)] += w
    links = sorted(between)
    blocks = _Graph(len(order), links, [between[link] for link in links])
    # Grid variant for a big graph of groups: the exact one is quadratic per iteration.
    big = blocks.n > LARGE_MAP
    coords = _fruchterman_reingold(
        blocks, seed, grid=big, niter=GRID_ITERATIONS if big else GROUP_ITERATIONS
    )
    typical = sorted(max(w, h) for w, h in extent)[len(extent) // 2]
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in links) or [1.0]
    scale = typical / (lengths[len(lengths) // 2] or 1.0)
    # ... but with room for the blocks: when their area is more than BLOCK_FILL of the area
    # the layout spans, spread it out, so placing them keeps the force layout's shape (and
    # does not push half of them outwards, block after block).
    span = (max(x for x, _ in coords) - min(x for x, _ in coords)) * (
        max(y for _, y in coords) - min(y for _, y in coords)
    )
    need = sum((w + BLOCK_GAP) * (h + BLOCK_GAP) for w, h in extent)
    if BLOCK_FILL and span > 0:
        scale = max(scale, math.sqrt(need / BLOCK_FILL / span))
    centres = place_near([(x * scale, y * scale) for x, y in coords], extent, padding=BLOCK_GAP)
    result: list[tuple[float, float]] = [(0.0, 0.0)] * len(sizes)
    for k, g in enumerate(order):
        bx, by = centres[k]
        for i, (x, y) in zip(members[g], local[k], strict=True):
            result[i] = (bx + x, by + y)
    return result


# Where on the line from its conclusion (0) to the middle of its premises (1) a junction is
# tried, nearest the middle first.
JUNCTION_SPOTS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)


def place_junctions(
    positions: dict[str, tuple[float, float]],
    nodes: Sequence[Json],
    edges: Sequence[Json],
    sizes: Mapping[str, Size],
    *,
    padding: float = 4.0,
) -> dict[str, tuple[float, float]]:
    """Each argument's junction moved between its conclusion and its premises: to the first
    spot of :data:`JUNCTION_SPOTS` on the line from the conclusion to the middle of its
    premises (those of the junction's ``home`` group) where it overlaps no other node (with
    ``padding``); where every spot is taken it stays where it was. A spatial hash of the
    boxes keeps each test near constant."""
    # Premises in another issue's group are left out: a big map's groups are blocks that
    # must not overlap, and the junction belongs to its conclusion's.
    home = {n["id"]: n.get("home") for n in nodes}
    premises: dict[str, list[str]] = defaultdict(list)
    conclusion: dict[str, str] = {}
    for e in edges:
        if e["kind"] == "premise" and e["from"] in positions:
            if home.get(e["from"]) == home.get(e["to"]):
                premises[e["to"]].append(e["from"])
        elif e["kind"] == "conclusion" and e["to"] in positions:
            conclusion[e["from"]] = e["to"]
    junctions = [
        n["id"]
        for n in nodes
        if n["kind"] == "argument" and n["id"] in conclusion and premises.get(n["id"])
    ]
    if not junctions:
        return positions
    cell = max(JUNCTION * 8, 1.0)
    grid: dict[tuple[int, int], list[str]] = defaultdict(list)

    def cells(x: float, y: float, w: float, h: float) -> list[tuple[int, int]]:
        x0, x1 = math.floor((x - w / 2) / cell), math.floor((x + w / 2) / cell)
        y0, y1 = math.floor((y - h / 2) / cell), math.floor((y + h / 2) / cell)
        return [(gx, gy) for gx in range(x0, x1 + 1) for gy in range(y0, y1 + 1)]

    for key, (x, y) in positions.items():
        w, h = sizes[key]
        for c in cells(x, y, w, h):
            grid[c].append(key)
    placed = dict(positions)

    def free(key: str, x: float, y: float) -> bool:
        w, h = sizes[key]
        for c in cells(x, y, w + 2 * padding, h + 2 * padding):
            for other in grid.get(c, ()):
                if other == key:
                    continue
                ox, oy = placed[other]
                ow, oh = sizes[other]
                if abs(x - ox) < (w + ow) / 2 + padding and abs(y - oy) < (h + oh) / 2 + padding:
                    return False
        return True

    for key in junctions:
        cx, cy = placed[conclusion[key]]
        ends = premises[key]
        px = sum(placed[p][0] for p in ends) / len(ends)
        py = sum(placed[p][1] for p in ends) / len(ends)
        for t in JUNCTION_SPOTS:
            x, y = round(cx + t * (px - cx), 1), round(cy + t * (py - cy), 1)
            if free(key, x, y):
                w, h = sizes[key]
                old_x, old_y = placed[key]
                for c in cells(old_x, old_y, w, h):
                    grid[c].remove(key)
                placed[key] = (x, y)
                for c in cells(x, y, w, h):
                    grid[c].append(key)
                break
    return placed


def place_near(
    wanted: Sequence[tuple[float, float]],
    sizes: Sequence[Size],
    *,
    padding: float = 14.0,
) -> list[tuple[float, float]]:
    """Boxes placed one at a time, from the middle out, each where it is wanted or, when
    that spot is taken, at the first free spot further out on the ray from the middle
    through it: no two boxes come closer than ``padding``, and the picture keeps its
    shape, a crowded middle pushed outwards (greedy placement as in tag clouds).

    The free spot is found exactly and fast: each box in the way blocks one interval of the
    ray, so jumping past the farthest end of the current blockers' intervals skips only
    taken spots. A spatial hash of placed boxes keeps each test near constant.
    """
    n = len(wanted)
    if not n:
        return []
    half_w = [w / 2 + padding / 2 for w, _ in sizes]
    half_h = [h / 2 + padding / 2 for _, h in sizes]
    cell = sorted(2 * max(a, b) for a, b in zip(half_w, half_h, strict=True))[n // 2] or 1.0
    mx = sum(x for x, _ in wanted) / n
    my = sum(y for _, y in wanted) / n
    distance = [math.hypot(x - mx, y - my) for x, y in wanted]
    order = sorted(range(n), key=lambda i: (distance[i], i))
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    xs = [0.0] * n
    ys = [0.0] * n

    def cells(i: int, x: float, y: float) -> list[tuple[int, int]]:
        x0, x1 = math.floor((x - half_w[i]) / cell), math.floor((x + half_w[i]) / cell)
        y0, y1 = math.floor((y - half_h[i]) / cell), math.floor((y + half_h[i]) / cell)
        return [(gx, gy) for gx in range(x0, x1 + 1) for gy in range(y0, y1 + 1)]

    for i in order:
        wx, wy = wanted[i]
        if distance[i] > 1e-9:
            dx, dy = (wx - mx) / distance[i], (wy - my) / distance[i]
        else:  # the very middle: out along the golden angle, a direction per box
            dx, dy = math.cos(i * 2.39996), math.sin(i * 2.39996)
        t = 0.0
        while True:
            x, y = wx + t * dx, wy + t * dy
            beyond, hit = t, False
            for c in cells(i, x, y):
                for j in grid.get(c, ()):
                    clear_x, clear_y = half_w[i] + half_w[j], half_h[i] + half_h[j]
                    if abs(x - xs[j]) >= clear_x - 1e-6 or abs(y - ys[j]) >= clear_y - 1e-6:
                        continue
                    # Box j blocks the ray until the box clears it along x or along y.
                    exits = [math.inf]
                    if dx:
                        exits.append((xs[j] + math.copysign(clear_x, dx) - wx) / dx)
                    if dy:
                        exits.append((ys[j] + math.copysign(clear_y, dy) - wy) / dy)
                    beyond, hit = max(beyond, min(exits)), True
            if not hit:
                break
            t = max(beyond, t + 1e-3)  # (progress even if rounding puts an exit behind)
        xs[i], ys[i] = x, y
        for c in cells(i, x, y):
            grid[c].append(i)
    return list(zip(xs, ys, strict=True))


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
    keys = sorted(positions)
    xs = [positions[key][0] for key in keys]
    ys = [positions[key][1] for key in keys]
    _separate(xs, ys, [sizes[key] for key in keys], padding, rounds)
    at = {key: k for k, key in enumerate(keys)}
    return {key: (xs[at[key]], ys[at[key]]) for key in positions}


def _separate(
    xs: list[float], ys: list[float], sizes: Sequence[Size], padding: float, rounds: int
) -> None:
    """:func:`remove_overlaps` on positions by index, in place (boxes are taken in index
    order, ties broken by it)."""
    widths = [w for w, _ in sizes]
    heights = [h for _, h in sizes]
    cell = max(max(w, h) for w, h in sizes) + padding
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            grid.setdefault((int(x // cell), int(y // cell)), []).append(i)
        moved = False
        for (gx, gy), members in grid.items():
            near = [
                other
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for other in grid.get((gx + dx, gy + dy), ())
            ]
            for a in members:
                ax, ay, aw, ah = xs[a], ys[a], widths[a], heights[a]
                for b in near:
                    if b <= a:
                        continue
                    bx, by, bw, bh = xs[b], ys[b], widths[b], heights[b]
                    over_x = (aw + bw) / 2 + padding - abs(ax - bx)
                    over_y = (ah + bh) / 2 + padding - abs(ay - by)
                    if over_x <= 1.0 or over_y <= 1.0:  # within a pixel of the padding
                        continue
                    moved = True
                    # Move each half the overlap along the cheaper axis (ties: by index).
                    if over_x * (ah + bh) < over_y * (aw + bw):
                        shift = over_x / 2 * (1 if ax >= bx else -1)
                        xs[a] = ax = ax + shift
                        xs[b] = bx - shift
                    else:
                        shift = over_y / 2 * (1 if ay >= by else -1)
                        ys[a] = ay = ay + shift
                        ys[b] = by - shift
        if not moved:
            break
