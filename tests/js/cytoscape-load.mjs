// Load a Cytoscape.js JSON file with the real `cytoscape` package (headless, under Node) and
// print what it holds: counts, and each element's data and classes as Cytoscape sees them.
// Usage: node cytoscape-load.mjs FILE.cyjs
import { readFileSync } from "node:fs";
import cytoscape from "cytoscape";

const doc = JSON.parse(readFileSync(process.argv[2], "utf8"));
const cy = cytoscape({ headless: true, styleEnabled: false, elements: doc.elements });
const describe = (ele) => ({ data: ele.data(), classes: ele.classes() });
process.stdout.write(
  JSON.stringify({
    nodeCount: cy.nodes().length,
    edgeCount: cy.edges().length,
    nodes: cy.nodes().map(describe),
    edges: cy.edges().map(describe),
  }),
);
