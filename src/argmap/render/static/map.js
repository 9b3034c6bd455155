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
  // What the page filters and groups by lives beside the vis-network items, not in them:
  // vis-network copies every field of every item, which costs on big maps.
  var info = data.node_info;
  var einfo = data.edge_info;
  var api = { ready: false, timings: timings, meta: meta };
  window.argmap = api;

  function byId(id) { return document.getElementById(id); }
  // Details (full texts, quotes…) are most of a big page: parsed on first use, not before
  // the first picture.
  var detailsCache = null;
  function details() {
    if (detailsCache === null) detailsCache = JSON.parse(byId("argmap-details").textContent);
    return detailsCache;
  }
  var mapTitles = {};
  meta.maps.forEach(function (m) { mapTitles[m.id] = m.title; });
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // ---- data ----------------------------------------------------------------------------
  // Big maps start with plain edges (no arrowheads or dashes: invisible at that scale and
  // costly to draw); edges get their full style with the labels of the nodes in view.
  function edgeStyle(e, full) {
    var s = styles[einfo[e.id].kind];
    var style = {
      id: e.id,
      color: { color: s.color, highlight: s.color, hover: s.color, inherit: false, opacity: 0.9 },
      width: s.width,
    };
    if (full) {
      style.dashes = s.dashes;
      style.arrows = { to: {
        enabled: Boolean(s.arrow) && einfo[e.id].half !== "from", type: s.arrow || "arrow",
        scaleFactor: einfo[e.id].kind === "answers" ? 0.55 : 0.85,
      } };
    }
    return style;
  }
  data.edges.forEach(function (e) { Object.assign(e, edgeStyle(e, !meta.lazy_labels)); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  timings.datasets = performance.now();
  var relationEnds = {}; // reified relation node id -> [from, to]
  var stanceTargets = {}; // actor or source node id -> ids it points at
  data.edges.forEach(function (e) {
    var half = einfo[e.id].half;
    if (half === "from") (relationEnds[e.to] = relationEnds[e.to] || [])[0] = e.from;
    if (half === "to") (relationEnds[e.from] = relationEnds[e.from] || [])[1] = e.to;
    if (e.from.indexOf("actor:") === 0 || e.from.indexOf("source:") === 0) {
      (stanceTargets[e.from] = stanceTargets[e.from] || []).push(e.to);
    }
  });

  // ---- filters -------------------------------------------------------------------------
  var allKinds = Object.keys(styles).filter(function (k) {
    return data.edges.some(function (e) { return einfo[e.id].kind === k; });
  });
  var filter = freshFilter();
  var visible = null; // null: every node is visible
  function freshFilter() {
    return {
      maps: new Set(meta.maps.map(function (m) { return m.id; })),
      actor: "",
      topic: "",
      kinds: new Set(allKinds),
      actors: true,
      sources: true,
    };
  }
  function filtering() {
    return filter.maps.size !== meta.maps.length || filter.actor || filter.topic ||
      !filter.actors || !filter.sources;
  }
  function computeVisible() {
    if (!filtering()) { visible = null; return; }
    var shown = new Set();
    data.nodes.forEach(function (n) {
      var i = info[n.id];
      if (i.kind !== "claim" && i.kind !== "issue") return;
      if (!filter.maps.has(i.map)) return;
      if (filter.actor && (i.actors || []).indexOf(filter.actor) < 0) return;
      if (filter.topic && (i.topics || []).indexOf(filter.topic) < 0) return;
      shown.add(n.id);
    });
    // Relation nodes need both ends (twice: an undercut can target an undercut).
    for (var pass = 0; pass < 2; pass++) {
      Object.keys(relationEnds).forEach(function (id) {
        var ends = relationEnds[id];
        if (filter.maps.has(info[id].map) && shown.has(ends[0]) && shown.has(ends[1])) shown.add(id);
      });
    }
    data.nodes.forEach(function (n) {
      var kind = info[n.id].kind;
      var keep = kind === "actor" ? filter.actors && (!filter.actor || n.id === "actor:" + filter.actor)
        : kind === "source" ? filter.sources : false;
      if (keep && (stanceTargets[n.id] || []).some(function (t) { return shown.has(t); })) shown.add(n.id);
      else if (keep && !filter.actor && !filter.topic && filter.maps.size === meta.maps.length) shown.add(n.id);
    });
    visible = shown;
  }
  var nodesView = new vis.DataView(nodes, {
    filter: function (n) { return visible === null || visible.has(n.id); },
  });
  var edgesView = new vis.DataView(edges, {
    filter: function (e) {
      return filter.kinds.has(einfo[e.id].kind) &&
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
    network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, o);
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
      if (!timings.firstDraw) timings.firstDraw = performance.now();
      api.ready = true;
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

  // Big maps: labels reach vis-network only for nodes in view once zoomed in enough to
  // read them (measuring every label before the first draw costs seconds).
  var labelled = new Set();
  function labelInView() {
    if (!meta.lazy_labels || !network) return;
    var scale = network.getScale();
    if (scale * 14 < 4) return;
    var a = network.DOMtoCanvas({ x: 0, y: 0 });
    var b = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var margin = 300;
    var positions = network.getPositions();
    var updates = [];
    for (var id in positions) {
      if (labelled.has(id)) continue;
      var p = positions[id];
      if (p.x < a.x - margin || p.x > b.x + margin || p.y < a.y - margin || p.y > b.y + margin) continue;
      var i = info[id];
      if (!i || !i.lbl) continue;
      labelled.add(id);
      updates.push(i.val === undefined ? { id: id, label: i.lbl } : { id: id, label: i.lbl, value: i.val });
      if (updates.length >= 4000) break;
    }
    if (!updates.length) return;
    nodes.update(updates);
    var edgeUpdates = [];
    edges.forEach(function (e) {
      if (!e.styled && (labelled.has(e.from) || labelled.has(e.to))) {
        var style = edgeStyle(e, true);
        style.styled = true;
        edgeUpdates.push(style);
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
    relation: "Relation",
  };
  var RELATION = { support: "Support", attack: "Attack (rebut)", undercut: "Undercut" };

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
    var d = details()[id];
    return d && d.text ? d.text : id;
  }
  function render(id, d) {
    var out = [];
    var box = el("div");
    var heading = HEADINGS[d.kind] || d.kind;
    if (d.kind === "claim" && d.claim_kind) heading += " \u00b7 " + d.claim_kind;
    if (d.kind === "actor") heading += " \u00b7 " + d.actor_kind;
    if (d.kind === "relation") heading = RELATION[d.relation] + " relation";
    box.appendChild(el("h2", null, heading));
    if (d.kind === "relation") {
      box.appendChild(el("p", "text", textOf(d.from)));
      box.appendChild(el("p", null, d.relation === "support" ? "\u2193 supports" : "\u2193 attacks"));
      box.appendChild(el("p", "text", textOf(d.to)));
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
        var list = el("ul");
        held.slice(0, 30).forEach(function (e) {
          var position = einfo[e.id].kind;
          list.appendChild(el("li", null, (POSITION[position] || position) + ": " + textOf(e.to)));
        });
        box.appendChild(list);
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
    var d = details()[id];
    if (d) render(id, d);
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    var i = einfo[id];
    var key = i.rel || (i.half ? (i.half === "from" ? e.to : e.from) : e.id);
    var d = details()[key];
    if (d) render(key, d);
    else {
      var box = el("div");
      box.appendChild(el("h2", null, (styles[i.kind] || {}).label || i.kind));
      box.appendChild(el("p", "id", "id: " + id));
      panel.replaceChildren(box);
    }
  }

  // ---- search --------------------------------------------------------------------------
  var index = null;
  function buildIndex() {
    index = data.nodes.filter(function (n) { return info[n.id].kind !== "relation"; }).map(function (n) {
      var d = details()[n.id] || {};
      return { id: n.id, kind: info[n.id].kind, text: d.text || n.id, hay: (n.id + " \u0000 " + (d.text || "")).toLowerCase() };
    });
  }
  function find(query, limit) {
    if (!index) buildIndex();
    var q = query.trim().toLowerCase();
    if (!q) return [];
    limit = limit || 12;
    var exact = [], suffix = [], contains = [];
    for (var i = 0; i < index.length; i++) {
      var item = index[i], id = item.id.toLowerCase();
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
  var mapBoxes = meta.maps.map(function (m) {
    var box = checkbox(byId("filter-maps"), m.title, true, function (on) {
      if (on) filter.maps.add(m.id); else filter.maps.delete(m.id);
    });
    box.dataset.map = m.id;
    return box;
  });
  var kindBoxes = allKinds.map(function (k) {
    var box = checkbox(byId("filter-kinds"), styles[k].label, true, function (on) {
      if (on) filter.kinds.add(k); else filter.kinds.delete(k);
    });
    box.dataset.kind = k;
    return box;
  });
  var actorSelect = byId("filter-actor");
  meta.actors.forEach(function (a) {
    var option = el("option", null, a.name + " (" + a.kind + ")");
    option.value = a.id;
    actorSelect.appendChild(option);
  });
  actorSelect.addEventListener("change", function () { filter.actor = actorSelect.value; applyFilters(); });
  var topicSelect = byId("filter-topic");
  meta.topics.forEach(function (t) {
    var option = el("option", null, t.label);
    option.value = t.id;
    topicSelect.appendChild(option);
  });
  topicSelect.addEventListener("change", function () { filter.topic = topicSelect.value; applyFilters(); });
  var showActors = byId("show-actors");
  var showSources = byId("show-sources");
  showActors.addEventListener("change", function () { filter.actors = showActors.checked; applyFilters(); });
  showSources.addEventListener("change", function () { filter.sources = showSources.checked; applyFilters(); });
  if (!data.nodes.some(function (n) { return info[n.id].kind === "source"; })) showSources.parentNode.hidden = true;
  function resetFilters() {
    filter = freshFilter();
    mapBoxes.concat(kindBoxes).forEach(function (b) { b.checked = true; });
    actorSelect.value = "";
    topicSelect.value = "";
    showActors.checked = true;
    showSources.checked = true;
    applyFilters();
  }
  byId("filters-reset").addEventListener("click", resetFilters);
  byId("filters-toggle").addEventListener("click", function () {
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
    nodesView.forEach(function (n) {
      var key = keyOf(n);
      if (key) groups.set(key, (groups.get(key) || 0) + 1);
    });
    groups.forEach(function (count, key) {
      if (count < 2) return;
      var id = "cluster:" + key;
      network.cluster({
        joinCondition: function (n) { return keyOf(n) === key; },
        clusterNodeProperties: {
          id: id, label: labelOf(key) + "\n(" + count + " nodes)", shape: "box",
          margin: 12, borderWidth: 2, font: { size: 18 },
          color: { background: "#ece4f6", border: "#6a3d9a" },
        },
      });
      state.clusters.push(id);
    });
    updateCounts();
  }
  function shortText(id) {
    var d = details()[id];
    var t = d ? d.text : id;
    return t.length > 70 ? t.slice(0, 69) + "\u2026" : t;
  }
  byId("cluster-issue").addEventListener("click", function () {
    clusterBy(function (n) {
      var i = info[n.id];
      return i && (i.kind === "claim" || i.kind === "issue" || i.kind === "relation") ? i.home : null;
    }, shortText);
  });
  byId("cluster-map").addEventListener("click", function () {
    clusterBy(function (n) {
      var i = info[n.id];
      return !i || i.kind === "actor" || i.kind === "source" ? null : i.map;
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
    network.setOptions({ physics: { enabled: state.physics } });
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
