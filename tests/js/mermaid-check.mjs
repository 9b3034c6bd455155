// Check Mermaid diagrams with the real `mermaid` package under Node (jsdom stands in for the
// browser's window, which mermaid's DOMPurify needs), and print one JSON line: for each file,
//   parse: "ok", or the first line of mermaid.parse()'s error (a syntax error, or
//          "Edge limit exceeded…" past maxEdges, which the flowchart parser enforces);
//   tooLarge: whether mermaid.render() replaces the diagram by its "Maximum text size in
//          diagram exceeded" notice (maxTextSize, which only render checks).
// jsdom lays nothing out, so render is stopped at the first label it measures: that label is
// the notice's when the text was too large, and one of the diagram's own labels otherwise.
// Files are checked one after the other in one process (mermaid keeps its state per call).
// Usage: node mermaid-check.mjs FILE.mmd... [--parse-only FILE.mmd...]
// Files after --parse-only are parsed only (tooLarge: null): rendering a large diagram that
// is within maxTextSize takes seconds here, as jsdom builds every label before the first is
// measured.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const NOTICE = "Maximum text size in diagram exceeded";
const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
globalThis.window = dom.window;
for (const name of ["document", "CSSStyleSheet", "Element", "HTMLElement", "SVGElement"]) {
  globalThis[name] = dom.window[name];
}

class Measured extends Error {}
dom.window.SVGElement.prototype.getBBox = function () {
  throw new Measured(this.textContent ?? "");
};

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

const firstLine = (error) => String(error?.message ?? error).split("\n")[0];
const results = [];
let index = 0;
let render = true;
for (const file of process.argv.slice(2)) {
  if (file === "--parse-only") {
    render = false;
    continue;
  }
  const text = readFileSync(file, "utf8");
  let parse = "ok";
  try {
    await mermaid.parse(text);
  } catch (error) {
    parse = firstLine(error);
  }
  // Mermaid measures the text after taking comments, directives and front matter out of it:
  // a text no longer than the limit as it stands is within it (render is slow on big ones).
  let tooLarge = render ? false : null;
  if (render && text.length > (mermaid.mermaidAPI.getConfig().maxTextSize ?? 50000)) {
    try {
      await mermaid.render(`check${index++}`, text);
    } catch (error) {
      tooLarge = error instanceof Measured && error.message.includes(NOTICE);
    }
  }
  results.push({ file, parse, tooLarge });
}
process.stdout.write(JSON.stringify(results));
