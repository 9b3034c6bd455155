/* argmap map page: builds the vis-network from the page's JSON data block and wires the
   search box, filters, layout and physics toggles, clustering and the details panel.
   User text only ever reaches the page through textContent (never innerHTML) or the
   canvas, so markup in a claim is shown as text. window.argmap exposes the network for
   tests and for the console. */
(function () {
  "use strict";
  var scriptStart = performance.now();
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var timings = { start: scriptStart, parsed: performance.now() };
  var meta = data.meta;
  var styles = meta.edge_styles;
  // The graph arrives as columns aligned by node / edge index (N.kind[i] is node i's kind,
  // as an index into data.kinds): far fewer objects to parse and collect than one per
  // item. What the page filters and groups by stays here, out of the vis-network items:
  // vis-network copies every field of every item, which costs on big maps.
  var N = data.nodes;
  var E = data.edges;
  var nodeCount = N.id.length;
  var edgeCount = E.id.length;
  var lazy = meta.lazy_labels;
  var api = { ready: false, timings: timings, meta: meta };
  window.argmap = api;

  function byId(id) { return document.getElementById(id); }
  // Details (full texts, quotes…) are most of a big page: their block comes after this
  // script, and is parsed on first use or in idle time after the first draw.
  var detailsCache = null;
  function details() {
    if (detailsCache === null) {
      var block = byId("argmap-details");
      if (!block) return { items: {}, sources: [] }; // the parser has not reached it yet
      detailsCache = JSON.parse(block.textContent);
    }
    return detailsCache;
  }
  function detail(id) {
    var all = details();
    var d = all.items[id];
    if (!d || !d.quotes) return d;
    // Quotes name their source by its index in the page's list of source titles.
    var copy = Object.assign({}, d);
    copy.quotes = d.quotes.map(function (q) { return { text: q[0], source: all.sources[q[1]] }; });
    return copy;
  }
  var mapTitles = {};
  meta.maps.forEach(function (m) { mapTitles[m.id] = m.title; });
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // ---- lookups by id (built on first use: not needed for the first draw) ----------------
  var nodeAt = null;
  var edgeAt = null;
  function nodeIndex(id) {
    if (nodeAt === null) {
      nodeAt = new Map();
      for (var i = 0; i < nodeCount; i++) nodeAt.set(N.id[i], i);
    }
    return nodeAt.get(id);
  }
  function edgeIndex(id) {
    if (edgeAt === null) {
      edgeAt = new Map();
      for (var j = 0; j < edgeCount; j++) edgeAt.set(E.id[j], j);
    }
    return edgeAt.get(id);
  }
  function kindAt(i) { return data.kinds[N.kind[i]]; }
  // Big maps: labels come with the details, after this script (they wait for the zoom).
  function labelAt(i) { return N.label ? N.label[i] : (details().labels || [])[i]; }
  function mapAt(i) { return N.map[i] < 0 ? undefined : meta.maps[N.map[i]].id; }
  function edgeKindAt(j) { return data.edge_kinds[E.kind[j]]; }
  function edgeKind(id) { var j = edgeIndex(id); return j === undefined ? undefined : edgeKindAt(j); }
  // What the page knows of a node besides what vis-network draws (for tests and the console).
  function info(id) {
    var i = nodeIndex(id);
    if (i === undefined) return undefined;
    return {
      kind: kindAt(i), map: mapAt(i), group: data.groups[N.group[i]],
      home: N.home[i] < 0 ? undefined : N.id[N.home[i]],
      topics: N.topics[i].map(function (t) { return meta.topics[t].id; }),
      actors: N.actors[i].map(function (a) { return meta.actors[a].id; }),
      label: labelAt(i), value: N.value[i] < 0 ? undefined : N.value[i], level: N.level[i],
    };
  }

  // ---- data ----------------------------------------------------------------------------
  // One style object per edge kind, shared by its edges. Big maps start with plain edges
  // (no arrowheads or dashes: invisible at that scale and costly to draw); edges get their
  // full style with the labels of the nodes in view.
  var kindStyle = data.edge_kinds.map(function (k) {
    var s = styles[k];
    // The opacity baked into an rgba() colour: vis-network takes an rgba() string as it is,
    // but parses a hex colour again for every edge on every frame to apply an opacity.
    var c = translucent(s.color, 0.9);
    return { color: { color: c, highlight: c, hover: c, inherit: false, opacity: 1 }, width: s.width };
  });
  function translucent(hex, alpha) {
    var v = parseInt(hex.slice(1), 16);
    return "rgba(" + (v >> 16) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }
  // A restatement is drawn as an "=": a wide line in its colour under a thin white one.
  var doubled = data.edge_kinds.map(function (k) {
    var s = styles[k];
    if (!s.double) return null;
    var white = "rgba(255,255,255,1)";
    return {
      color: { color: white, highlight: white, hover: white, inherit: false, opacity: 1 },
      width: s.width * 1.5,
      background: { enabled: true, color: translucent(s.color, 0.9), size: s.width * 4, dashes: false },
    };
  });
  function fullStyle(j) {
    var k = edgeKindAt(j);
    var s = styles[k];
    var half = E.half[j];
    var item = {
      id: E.id[j],
      dashes: s.dashes,
      arrows: { to: {
        enabled: Boolean(s.arrow) && half !== 1, type: s.arrow || "arrow",
        scaleFactor: k === "answers" ? 0.55 : 0.85,
      } },
    };
    // A conflict both ways has a head at each end (but not where it meets its own node).
    if (s.both) item.arrows.from = { enabled: half !== 2, type: s.arrow, scaleFactor: 0.85 };
    var d = doubled[E.kind[j]];
    if (d) { item.color = d.color; item.width = d.width; item.background = d.background; }
    return item;
  }
  var hasXY = Boolean(N.x);
  var nodeItems = new Array(nodeCount);
  for (var i = 0; i < nodeCount; i++) {
    var n = { id: N.id[i] };
    // The default group's style is every node's default (see DEFAULT_GROUP in html.py).
    var group = data.groups[N.group[i]];
    if (group !== meta.default_group) n.group = group;
    if (hasXY) { n.x = N.x[i]; n.y = N.y[i]; }
    if (!lazy) {
      n.label = N.label[i];
      if (N.value[i] >= 0) n.value = N.value[i];
      n.level = N.level[i];
    }
    nodeItems[i] = n;
  }
  var edgeItems = new Array(edgeCount);
  for (var j = 0; j < edgeCount; j++) {
    var style = kindStyle[E.kind[j]];
    var e = { id: E.id[j], from: N.id[E.from[j]], to: N.id[E.to[j]], color: style.color, width: style.width };
    if (!lazy) Object.assign(e, fullStyle(j));
    edgeItems[j] = e;
  }
  // Hover text (an argument's scheme): vis-network shows a string title as text.
  (N.title || []).forEach(function (pair) { nodeItems[pair[0]].title = pair[1]; });
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  nodeItems = edgeItems = null;
  timings.datasets = performance.now();

  // Built after the first draw (or on first use): who ends a reified relation or an
  // argument, what an actor or a source points at, which edges touch each node.
  var graph = null;
  var premiseKind = data.edge_kinds.indexOf("premise");
  var conclusionKind = data.edge_kinds.indexOf("conclusion");
  function graphIndex() {
    if (graph !== null) return graph;
    var relationEnds = {}; // reified relation node index -> [from, to] (indexes)
    var argumentEnds = {}; // argument node index -> its premises and conclusion (indexes)
    var stanceTargets = {}; // actor or source node index -> indexes it points at
    var degree = new Int32Array(nodeCount + 1);
    for (var j = 0; j < edgeCount; j++) {
      var from = E.from[j], to = E.to[j], half = E.half[j];
      if (half === 1) (relationEnds[to] = relationEnds[to] || [])[0] = from;
      if (half === 2) (relationEnds[from] = relationEnds[from] || [])[1] = to;
      if (E.kind[j] === premiseKind) (argumentEnds[to] = argumentEnds[to] || []).push(from);
      if (E.kind[j] === conclusionKind) (argumentEnds[from] = argumentEnds[from] || []).push(to);
      var k = kindAt(from);
      if (k === "actor" || k === "source") (stanceTargets[from] = stanceTargets[from] || []).push(to);
      degree[from + 1]++;
      degree[to + 1]++;
    }
    // Edges by node, compressed: incident[start[i] .. start[i + 1]) are node i's edges.
    for (var i = 0; i < nodeCount; i++) degree[i + 1] += degree[i];
    var start = degree;
    var fill = start.slice(0, nodeCount);
    var incident = new Int32Array(2 * edgeCount);
    for (j = 0; j < edgeCount; j++) {
      incident[fill[E.from[j]]++] = j;
      incident[fill[E.to[j]]++] = j;
    }
    graph = {
      relationEnds: relationEnds, argumentEnds: argumentEnds, stanceTargets: stanceTargets,
      start: start, incident: incident,
    };
    return graph;
  }

  // "Only what the text argues": the nodes and edges to hide, as the page sends them
  // (text_selection in elements.py: what the analyst added and what only that connects).
  var textOnlyMarks = null;
  function hiddenByText() {
    if (textOnlyMarks !== null) return textOnlyMarks;
    var hidden = new Uint8Array(nodeCount), edge = new Uint8Array(edgeCount);
    data.text_only.hidden.forEach(function (i) { hidden[i] = 1; });
    data.text_only.edges.forEach(function (j) { edge[j] = 1; });
    textOnlyMarks = { edge: edge, hidden: hidden };
    return textOnlyMarks;
  }

  // ---- filters -------------------------------------------------------------------------
  var allKinds = data.edge_kinds.slice(); // the kinds drawn, in the legend's order
  var filter = freshFilter();
  var visible = null; // null: every node is visible
  var everyKind = true; // no relation kind filtered out
  function freshFilter() {
    return {
      maps: new Set(meta.maps.map(function (m) { return m.id; })),
      actor: "",
      topic: "",
      kinds: new Set(allKinds),
      actors: true,
      sources: true,
      textOnly: false,
    };
  }
  function filtering() {
    return filter.maps.size !== meta.maps.length || filter.actor || filter.topic ||
      !filter.actors || !filter.sources || filter.textOnly;
  }
  function position(list, id) {
    for (var k = 0; k < list.length; k++) if (list[k].id === id) return k;
    return -1;
  }
  function computeVisible() {
    everyKind = filter.kinds.size === allKinds.length;
    if (!filtering()) { visible = null; return; }
    var g = graphIndex();
    var actor = filter.actor ? position(meta.actors, filter.actor) : -1;
    var topic = filter.topic ? position(meta.topics, filter.topic) : -1;
    var hidden = filter.textOnly ? hiddenByText().hidden : new Uint8Array(nodeCount);
    var shown = new Uint8Array(nodeCount);
    for (var i = 0; i < nodeCount; i++) {
      var kind = kindAt(i);
      if (kind !== "claim" && kind !== "issue") continue;
      if (!filter.maps.has(mapAt(i)) || hidden[i]) continue;
      if (filter.actor && N.actors[i].indexOf(actor) < 0) continue;
      if (filter.topic && N.topics[i].indexOf(topic) < 0) continue;
      shown[i] = 1;
    }
    // Arguments need all their ends, then relation nodes both of theirs (which may be an
    // argument; twice: an undercut can target an undercut).
    Object.keys(g.argumentEnds).forEach(function (key) {
      var a = Number(key);
      if (filter.maps.has(mapAt(a)) && !hidden[a] &&
          g.argumentEnds[key].every(function (end) { return shown[end]; })) shown[a] = 1;
    });
    for (var pass = 0; pass < 2; pass++) {
      Object.keys(g.relationEnds).forEach(function (key) {
        var r = Number(key), ends = g.relationEnds[key];
        if (filter.maps.has(mapAt(r)) && !hidden[r] && shown[ends[0]] && shown[ends[1]]) shown[r] = 1;
      });
    }
    var unfiltered = !filter.actor && !filter.topic && filter.maps.size === meta.maps.length;
    for (i = 0; i < nodeCount; i++) {
      var k = kindAt(i);
      var keep = k === "actor" ? filter.actors && (!filter.actor || N.id[i] === "actor:" + filter.actor)
        : k === "source" ? filter.sources : false;
      if (!keep || hidden[i]) continue;
      if ((g.stanceTargets[i] || []).some(function (t) { return shown[t]; }) || unfiltered) shown[i] = 1;
    }
    visible = new Set();
    for (i = 0; i < nodeCount; i++) if (shown[i]) visible.add(N.id[i]);
  }
  // The filters answer at once while nothing is filtered (as on the first draw).
  var nodesView = new vis.DataView(nodes, {
    filter: function (n) { return visible === null || visible.has(n.id); },
  });
  var edgesView = new vis.DataView(edges, {
    filter: function (e) {
      if (visible === null && everyKind) return true;
      if (filter.textOnly && hiddenByText().edge[edgeIndex(e.id)]) return false;
      return filter.kinds.has(edgeKind(e.id)) &&
        (visible === null || (visible.has(e.from) && visible.has(e.to)));
    },
  });
  function applyFilters() {
    expandAll();
    computeVisible();
    nodesView.refresh();
    edgesView.refresh();
    updateCounts();
  }
  function updateCounts() {
    byId("counts").textContent = nodesView.length + " nodes \u00b7 " + edgesView.length + " edges";
  }

  // ---- network -------------------------------------------------------------------------
  var container = byId("network");
  var network = null;
  var state = { hierarchical: false, physics: false, pinned: null, clusters: [] };

  function options() {
    var o = JSON.parse(JSON.stringify(data.options));
    if (state.hierarchical) {
      o.layout = {
        improvedLayout: false,
        hierarchical: {
          enabled: true, direction: "LR", levelSeparation: 340, nodeSpacing: 120,
          treeSpacing: 160, blockShifting: true, edgeMinimization: true,
          parentCentralization: true,
        },
      };
      o.physics = { enabled: false };
      o.edges.smooth = { type: "cubicBezier", forceDirection: "horizontal", roundness: 0.4 };
    }
    return o;
  }

  function create() {
    if (network) network.destroy();
    state.clusters = [];
    var o = options();
    var settling = !state.hierarchical && o.physics.enabled !== false;
    timings.networkStart = performance.now();
    if (!settling && !state.hierarchical && hasXY) {
      network = new vis.Network(container, {}, o);
      loadPlaced(network);
    } else {
      network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, o);
    }
    timings.network = performance.now();
    api.network = network;
    state.physics = settling;
    if (settling) {
      // Small maps settle once with physics, then hold still (the toggle turns it back on).
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: { enabled: false } });
        state.physics = false;
        showPhysics();
        timings.stabilized = performance.now();
      });
    }
    network.once("afterDrawing", function () {
      if (!timings.firstDraw) {
        timings.firstDraw = performance.now();
        afterFirstDraw();
      }
      drawn = true;
      markReady();
    });
    network.on("hoverNode", function (p) { if (!state.pinned) showNode(p.node); });
    network.on("blurNode", function () { if (!state.pinned) showHint(); });
    network.on("hoverEdge", function (p) { if (!state.pinned) showEdge(p.edge); });
    network.on("blurEdge", function () { if (!state.pinned) showHint(); });
    network.on("click", function (p) {
      if (p.nodes.length) { state.pinned = p.nodes[0]; showNode(p.nodes[0]); }
      else if (p.edges.length) { state.pinned = p.edges[0]; showEdge(p.edges[0]); }
      else { state.pinned = null; showHint(); }
    });
    network.on("zoom", labelSoon);
    network.on("dragEnd", labelSoon);
    network.on("animationFinished", labelInView);
    network.on("doubleClick", function (p) {
      if (p.nodes.length && network.isCluster(p.nodes[0])) network.openCluster(p.nodes[0]);
    });
    showPhysics();
  }

  // A map whose positions come with it, physics off: the data goes in without the passes
  // vis-network makes for a map it must lay out (each a walk over every node and edge):
  // physics bookkeeping (made when the toggle turns physics on), cluster and edge checks
  // (nothing is clustered yet, every edge was just connected to its nodes) and the fit,
  // which sizes every node before the first draw does it again: the view comes from the
  // positions instead.
  function loadPlaced(net) {
    var physics = net.physics, clustering = net.clustering, edgesHandler = net.edgesHandler;
    function skip() {}
    physics.updatePhysicsData = skip; // own property: deleted when physics comes on
    physics.initPhysics = function () { this.ready = true; };
    clustering._updateState = skip;
    edgesHandler._updateState = skip;
    edgesHandler.reconnectEdges = skip;
    try {
      net.setData({ nodes: nodesView, edges: edgesView });
    } finally {
      delete physics.initPhysics;
      delete clustering._updateState;
      delete edgesHandler._updateState;
      delete edgesHandler.reconnectEdges;
    }
    fitPlaced(net);
  }
  function fitPlaced(net) {
    var ids = net.body.nodeIndices, all = net.body.nodes;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (var k = 0; k < ids.length; k++) {
      var n = all[ids[k]];
      if (n.x < minX) minX = n.x;
      if (n.x > maxX) maxX = n.x;
      if (n.y < minY) minY = n.y;
      if (n.y > maxY) maxY = n.y;
      // Where the first draw looks for the node until it has measured it.
      var box = n.shape.boundingBox;
      box.left = box.right = n.x;
      box.top = box.bottom = n.y;
    }
    if (!ids.length) return;
    var pad = 60; // about a node's size: the fit measures nodes, not centres
    var w = container.clientWidth, h = container.clientHeight;
    var scale = !w || !h ? 1
      : Math.min(1, w / (1.1 * (maxX - minX + pad)), h / (1.1 * (maxY - minY + pad)));
    net.moveTo({ position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 }, scale: scale });
  }
  function physicsOn(on) {
    if (on && Object.prototype.hasOwnProperty.call(network.physics, "updatePhysicsData")) {
      delete network.physics.updatePhysicsData;
      network.physics.updatePhysicsData();
    }
    network.setOptions({ physics: { enabled: on } });
  }

  // Ready once drawn and once the whole page is parsed (the details block comes last).
  var drawn = false;
  function markReady() {
    if (drawn && document.readyState !== "loading") api.ready = true;
  }
  document.addEventListener("DOMContentLoaded", markReady);

  // What the first draw does not need is prepared in idle time after it, one step per
  // task, so a click or a hover in between is answered at once. Each step also runs on
  // first use if that comes sooner.
  function afterFirstDraw() {
    var steps = [graphIndex, function () { nodeIndex(""); edgeIndex(""); }, setupFilters, buildIndex];
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1); };
    function next() {
      if (!steps.length) { timings.idle = performance.now(); return; }
      if (document.readyState === "loading" && steps.length === 1) {
        // The search index needs the details block, which the parser reaches last.
        document.addEventListener("DOMContentLoaded", function () { idle(next); }, { once: true });
        return;
      }
      steps.shift()();
      idle(next);
    }
    idle(next);
  }

  // Big maps: labels reach vis-network only for nodes in view once zoomed in enough to
  // read them (measuring every label before the first draw costs seconds).
  var labelled = new Uint8Array(nodeCount);
  var styled = new Uint8Array(edgeCount);
  function labelInView() {
    if (!lazy || !network) return;
    var scale = network.getScale();
    if (scale * 14 < 4) return;
    var a = network.DOMtoCanvas({ x: 0, y: 0 });
    var b = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var margin = 300;
    var positions = network.getPositions();
    var updates = [];
    var fresh = [];
    for (var id in positions) {
      var p = positions[id];
      if (p.x < a.x - margin || p.x > b.x + margin || p.y < a.y - margin || p.y > b.y + margin) continue;
      var i = nodeIndex(id);
      if (i === undefined || labelled[i]) continue;
      var label = labelAt(i);
      if (!label) continue;
      labelled[i] = 1;
      fresh.push(i);
      updates.push(N.value[i] < 0 ? { id: id, label: label } : { id: id, label: label, value: N.value[i] });
      if (updates.length >= 4000) break;
    }
    if (!updates.length) return;
    nodes.update(updates);
    // The edges of the nodes just labelled get their arrowheads and dashes.
    var g = graphIndex();
    var edgeUpdates = [];
    fresh.forEach(function (i) {
      for (var k = g.start[i]; k < g.start[i + 1]; k++) {
        var j = g.incident[k];
        if (!styled[j]) { styled[j] = 1; edgeUpdates.push(fullStyle(j)); }
      }
    });
    edges.update(edgeUpdates);
  }
  var labelTimer = null;
  function labelSoon() {
    clearTimeout(labelTimer);
    labelTimer = setTimeout(labelInView, 120);
  }

  function showPhysics() {
    var button = byId("physics-toggle");
    button.textContent = "Physics: " + (state.physics ? "on" : "off");
    button.setAttribute("aria-pressed", String(state.physics));
  }

  // ---- details on demand ---------------------------------------------------------------
  var panel = byId("details");
  var hint = panel.firstElementChild.cloneNode(true);
  var POSITION = { endorses: "endorses", opposes: "opposes", concerned: "is concerned about" };
  var HEADINGS = {
    claim: "Claim", issue: "Issue", actor: "Actor", source: "Source", stance: "Stance",
    relation: "Relation", argument: "Argument",
  };
  var RELATION = {
    support: ["Support", "\u2193 supports"],
    attack: ["Attack (rebut)", "\u2193 attacks"],
    undermine: ["Undermine", "\u2193 undermines (attacks a premise)"],
    undercut: ["Undercut", "\u2193 undercuts"],
    contrary: ["Contrary", "\u2193 is contrary to (conflicts one way)"],
    contradictory: ["Contradictory", "\u2195 contradicts (both ways)"],
    rephrase: ["Rephrase", "= restates (the same position)"],
  };
  var ANALYST = "the analyst's reconstruction (the text does not make this link)";

  function showHint() { panel.replaceChildren(hint.cloneNode(true)); }
  function field(parent, label, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && !value.length)) return;
    var p = el("p");
    p.appendChild(el("strong", null, label + ": "));
    p.appendChild(document.createTextNode(Array.isArray(value) ? value.join(", ") : String(value)));
    parent.appendChild(p);
  }
  function quotes(parent, list) {
    if (!list || !list.length) return;
    parent.appendChild(el("h3", null, "Quotes"));
    list.forEach(function (q) {
      var block = el("blockquote", null, "\u201c" + q.text + "\u201d");
      block.appendChild(el("cite", null, "\u2014 " + q.source));
      parent.appendChild(block);
    });
  }
  function textOf(id) {
    var d = details().items[id];
    if (d && d.kind === "argument") {
      // An argument attacked or undercut: name it by its scheme and what it concludes.
      return d.text + (d.conclusion ? " for \u201c" + textOf(d.conclusion) + "\u201d" : "");
    }
    return d && d.text ? d.text : id;
  }
  function by(parent, d) {
    var who = (d.by || []).slice();
    if (d.analyst) who.push(ANALYST);
    field(parent, "By", who);
  }
  function render(id, d) {
    var out = [];
    var box = el("div");
    var heading = HEADINGS[d.kind] || d.kind;
    if (d.kind === "claim" && d.claim_kind) heading += " \u00b7 " + d.claim_kind;
    if (d.kind === "actor") heading += " \u00b7 " + d.actor_kind;
    var relation = RELATION[d.relation] || [d.relation, "\u2193 " + d.relation];
    if (d.kind === "relation") heading = relation[0] + " relation";
    box.appendChild(el("h2", null, heading));
    if (d.kind === "relation") {
      box.appendChild(el("p", "text", textOf(d.from)));
      box.appendChild(el("p", null, relation[1]));
      box.appendChild(el("p", "text", textOf(d.to)));
    } else if (d.kind === "argument") {
      box.appendChild(el("p", "text", d.text));
      var premises = d.premises || [];
      box.appendChild(el("h3", null, premises.length > 1
        ? "Premises (" + premises.length + ", all needed together)" : "Premise"));
      var list = el("ul", "premises");
      premises.forEach(function (p) { list.appendChild(el("li", null, textOf(p))); });
      box.appendChild(list);
      box.appendChild(el("p", null, "\u2193 therefore"));
      box.appendChild(el("p", "text", d.conclusion ? textOf(d.conclusion) : ""));
    } else if (d.kind === "stance") {
      box.appendChild(el("p", "text", textOf(d.actor) + " " + (POSITION[d.position] || d.position)));
      box.appendChild(el("p", null, textOf(d.to)));
    } else {
      box.appendChild(el("p", "text", d.text));
    }
    box.appendChild(el("p", "id", "id: " + id));
    if (d.status) {
      var s = el("p");
      s.appendChild(el("strong", null, "Status: "));
      s.appendChild(el("span", "status-" + d.status, d.status));
      box.appendChild(s);
    }
    field(box, "Map", d.map && (mapTitles[d.map] || d.map));
    if (d.scheme) field(box, "Scheme", (d.scheme_label || d.scheme) + " (" + d.scheme + ")");
    by(box, d);
    field(box, "Topics", d.topics);
    field(box, "Note", d.note);
    field(box, "Warrant", d.warrant);
    field(box, "Strength", d.strength);
    field(box, "Description", d.description);
    field(box, "Member of", d.member_of);
    field(box, "Author", d.author);
    field(box, "Publisher", d.publisher);
    field(box, "Date", d.date);
    if (d.url && /^https?:\/\//.test(d.url)) {
      var p = el("p");
      p.appendChild(el("strong", null, "URL: "));
      var a = el("a", null, d.url);
      a.href = d.url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      p.appendChild(a);
      box.appendChild(p);
    }
    if (d.stances && d.stances.length) {
      box.appendChild(el("h3", null, "Held by"));
      var ul = el("ul");
      d.stances.forEach(function (st) {
        ul.appendChild(el("li", null, textOf(st.actor) + " \u2014 " + (POSITION[st.position] || st.position)));
      });
      box.appendChild(ul);
    }
    if (d.kind === "actor") {
      var held = edges.get({ filter: function (e) { return e.from === id; } });
      if (held.length) {
        box.appendChild(el("h3", null, "Positions (" + held.length + ")"));
        var positions = el("ul");
        held.slice(0, 30).forEach(function (e) {
          var position = edgeKind(e.id);
          positions.appendChild(el("li", null, (POSITION[position] || position) + ": " + textOf(e.to)));
        });
        box.appendChild(positions);
      }
    }
    quotes(box, d.quotes);
    out.push(box);
    panel.replaceChildren.apply(panel, out);
  }
  function showNode(id) {
    if (network && network.isCluster(id)) {
      var members = network.getNodesInCluster(id);
      var box = el("div");
      box.appendChild(el("h2", null, "Group"));
      box.appendChild(el("p", "text", members.length + " nodes collapsed; double-click to open."));
      box.appendChild(el("p", "id", "id: " + id));
      panel.replaceChildren(box);
      return;
    }
    var d = detail(id);
    if (d) render(id, d);
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    var j = edgeIndex(id);
    var kind = edgeKindAt(j);
    // Half of a relation drawn through its own node: the details are the relation's; an
    // edge into or out of an argument: the argument's.
    var key = E.half[j] === 1 || kind === "premise" ? e.to
      : E.half[j] === 2 || kind === "conclusion" ? e.from : id;
    var d = detail(key);
    if (d) render(key, d);
    else {
      var box = el("div");
      box.appendChild(el("h2", null, (styles[kind] || {}).label || kind));
      box.appendChild(el("p", "id", "id: " + id));
      panel.replaceChildren(box);
    }
  }

  // ---- search --------------------------------------------------------------------------
  var index = null;
  function buildIndex() {
    if (index) return index;
    // Before the parser reaches the details block, search by id only (and build again).
    var complete = Boolean(byId("argmap-details"));
    var items = details().items;
    var list = [];
    for (var i = 0; i < nodeCount; i++) {
      var kind = kindAt(i);
      if (kind === "relation") continue;
      var id = N.id[i], d = items[id] || {};
      list.push({ id: id, kind: kind, text: d.text || id, hay: (id + " \u0000 " + (d.text || "")).toLowerCase() });
    }
    if (complete) index = list;
    return list;
  }
  function find(query, limit) {
    var all = buildIndex();
    var q = query.trim().toLowerCase();
    if (!q) return [];
    limit = limit || 12;
    var exact = [], suffix = [], contains = [];
    for (var i = 0; i < all.length; i++) {
      var item = all[i], id = item.id.toLowerCase();
      if (id === q) exact.push(item);
      else if (id.slice(id.indexOf(":") + 1) === q) suffix.push(item);
      else if (item.hay.indexOf(q) >= 0) contains.push(item);
      if (exact.length + suffix.length >= limit) break;
    }
    return exact.concat(suffix, contains).slice(0, limit);
  }
  function focusNode(id) {
    if (!nodes.get(id)) return false;
    if (visible !== null && !visible.has(id)) { resetFilters(); }
    var path = network.findNode(id);
    for (var i = 0; i < path.length - 1; i++) {
      if (network.isCluster(path[i])) network.openCluster(path[i]);
    }
    network.selectNodes([id]);
    network.focus(id, {
      scale: Math.max(network.getScale(), 0.9),
      animation: { duration: 250, easingFunction: "easeInOutQuad" },
    });
    state.pinned = id;
    showNode(id);
    return true;
  }
  var searchInput = byId("search");
  var results = byId("search-results");
  var current = [];
  var cursor = -1;
  function showResults() {
    current = find(searchInput.value);
    cursor = current.length ? 0 : -1;
    results.replaceChildren();
    current.forEach(function (item, i) {
      var li = el("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === cursor));
      li.dataset.id = item.id;
      var text = item.text.length > 140 ? item.text.slice(0, 139) + "\u2026" : item.text;
      li.appendChild(el("div", null, text));
      li.appendChild(el("div", "id", item.kind + " \u00b7 " + item.id));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(item.id); });
      results.appendChild(li);
    });
    if (searchInput.value.trim() && !current.length) results.appendChild(el("li", "id", "no match"));
    results.hidden = !searchInput.value.trim();
  }
  function choose(id) {
    results.hidden = true;
    focusNode(id);
  }
  searchInput.addEventListener("input", showResults);
  searchInput.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!current.length) return;
      cursor = (cursor + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
      Array.prototype.forEach.call(results.children, function (li, i) {
        li.setAttribute("aria-selected", String(i === cursor));
      });
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (!current.length) showResults();
      if (current.length) choose(current[Math.max(cursor, 0)].id);
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  searchInput.addEventListener("blur", function () { results.hidden = true; });

  // ---- filter controls -----------------------------------------------------------------
  function checkbox(parent, label, checked, onChange) {
    var wrap = el("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); applyFilters(); });
    wrap.appendChild(box);
    wrap.appendChild(document.createTextNode(" " + label));
    parent.appendChild(wrap);
    return box;
  }
  // The lists (maps, kinds, actors, topics) are filled after the first draw, or when the
  // panel is first opened.
  var mapBoxes = [];
  var kindBoxes = [];
  var actorSelect = byId("filter-actor");
  var topicSelect = byId("filter-topic");
  function setupFilters() {
    if (mapBoxes.length || kindBoxes.length) return;
    mapBoxes = meta.maps.map(function (m) {
      var box = checkbox(byId("filter-maps"), m.title, true, function (on) {
        if (on) filter.maps.add(m.id); else filter.maps.delete(m.id);
      });
      box.dataset.map = m.id;
      return box;
    });
    kindBoxes = allKinds.map(function (k) {
      var box = checkbox(byId("filter-kinds"), styles[k].label, true, function (on) {
        if (on) filter.kinds.add(k); else filter.kinds.delete(k);
      });
      box.dataset.kind = k;
      return box;
    });
    meta.actors.forEach(function (a) {
      var option = el("option", null, a.name + " (" + a.kind + ")");
      option.value = a.id;
      actorSelect.appendChild(option);
    });
    meta.topics.forEach(function (t) {
      var option = el("option", null, t.label);
      option.value = t.id;
      topicSelect.appendChild(option);
    });
  }
  actorSelect.addEventListener("change", function () { filter.actor = actorSelect.value; applyFilters(); });
  topicSelect.addEventListener("change", function () { filter.topic = topicSelect.value; applyFilters(); });
  var showActors = byId("show-actors");
  var showSources = byId("show-sources");
  var textOnly = byId("text-only");
  textOnly.addEventListener("change", function () { filter.textOnly = textOnly.checked; applyFilters(); });
  // Offered only where the analyst added something.
  if (!data.text_only.hidden.length && !data.text_only.edges.length) textOnly.parentNode.hidden = true;
  showActors.addEventListener("change", function () { filter.actors = showActors.checked; applyFilters(); });
  showSources.addEventListener("change", function () { filter.sources = showSources.checked; applyFilters(); });
  if (data.kinds.indexOf("source") < 0) showSources.parentNode.hidden = true;
  function resetFilters() {
    setupFilters();
    filter = freshFilter();
    mapBoxes.concat(kindBoxes).forEach(function (b) { b.checked = true; });
    actorSelect.value = "";
    topicSelect.value = "";
    showActors.checked = true;
    showSources.checked = true;
    textOnly.checked = false;
    applyFilters();
  }
  byId("filters-reset").addEventListener("click", resetFilters);
  byId("filters-toggle").addEventListener("click", function () {
    setupFilters();
    var box = byId("filters");
    box.hidden = !box.hidden;
    this.setAttribute("aria-expanded", String(!box.hidden));
  });

  // ---- clustering (collapse / expand) ---------------------------------------------------
  function expandAll() {
    if (!network) return;
    state.clusters.forEach(function (id) { if (network.isCluster(id)) network.openCluster(id); });
    state.clusters = [];
  }
  function clusterBy(keyOf, labelOf) {
    expandAll();
    var groups = new Map();
    var levels = new Map();  // the group's topmost level: where its cluster node stands
    nodesView.forEach(function (n) {
      var key = keyOf(n);
      if (!key) return;
      groups.set(key, (groups.get(key) || 0) + 1);
      if (n.level !== undefined && !(levels.get(key) <= n.level)) levels.set(key, n.level);
    });
    groups.forEach(function (count, key) {
      if (count < 2) return;
      var id = "cluster:" + key;
      var properties = {
        id: id, label: labelOf(key) + "\n(" + count + " nodes)", shape: "box",
        margin: 12, borderWidth: 2, font: { size: 18 },
        color: { background: "#ece4f6", border: "#6a3d9a" },
      };
      // The hierarchical layout throws unless every node has a level or none has: the
      // nodes have theirs, so a cluster node needs one too.
      if (levels.has(key)) properties.level = levels.get(key);
      // Recorded first, so "Expand all" still opens it should drawing it fail.
      state.clusters.push(id);
      network.cluster({
        joinCondition: function (n) { return keyOf(n) === key; },
        clusterNodeProperties: properties,
      });
    });
    updateCounts();
  }
  function shortText(id) {
    var d = details().items[id];
    var t = d ? d.text : id;
    return t.length > 70 ? t.slice(0, 69) + "\u2026" : t;
  }
  byId("cluster-issue").addEventListener("click", function () {
    clusterBy(function (n) {
      var i = nodeIndex(n.id);
      if (i === undefined || N.home[i] < 0) return null;
      var kind = kindAt(i);
      return kind === "claim" || kind === "issue" || kind === "relation" || kind === "argument"
        ? N.id[N.home[i]] : null;
    }, shortText);
  });
  byId("cluster-map").addEventListener("click", function () {
    clusterBy(function (n) {
      var i = nodeIndex(n.id);
      if (i === undefined) return null;
      var kind = kindAt(i);
      return kind === "actor" || kind === "source" ? null : mapAt(i);
    },
      function (key) { return mapTitles[key] || key; });
  });
  byId("expand-all").addEventListener("click", expandAll);

  // ---- layout and physics toggles ------------------------------------------------------
  var layoutButton = byId("layout-toggle");
  if (!meta.hierarchical_allowed) {
    layoutButton.disabled = true;
    layoutButton.title = "Too many nodes for the hierarchical layout; filter or focus first";
  }
  layoutButton.addEventListener("click", function () {
    state.hierarchical = !state.hierarchical;
    layoutButton.textContent = state.hierarchical ? "Force layout" : "Hierarchical layout";
    api.ready = false;
    create();
  });
  byId("physics-toggle").addEventListener("click", function () {
    state.physics = !state.physics;
    physicsOn(state.physics);
    showPhysics();
  });
  function unpin() {
    state.pinned = null;
    network.unselectAll();
    showHint();
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && ev.target === document.body) unpin();
  });

  api.nodes = nodes;
  api.info = info;
  api.edgeKind = edgeKind;
  api.detail = detail;
  api.edges = edges;
  api.nodesView = nodesView;
  api.edgesView = edgesView;
  api.find = find;
  api.focusNode = focusNode;
  api.unpin = unpin;
  api.applyFilters = applyFilters;
  api.resetFilters = resetFilters;
  api.layout = function () { return state.hierarchical ? "hierarchical" : "force"; };
  create();
  updateCounts();
  timings.built = performance.now();
})();
