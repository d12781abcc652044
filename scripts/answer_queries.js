/* Run the guide's search (the built site's index and dictionary, the scripts as shipped) on
   queries read as JSON from stdin, in node, without a browser; print what the theme would show.
   Usage: node scripts/answer_queries.js SITE < queries.json   (a JSON list of strings)
   Prints a JSON list, one entry per query: {first, visible, pages}:
     first    the location of the first item of the first group (what leads the list);
     visible  for each listed page, the locations the theme shows without opening a fold (the
              page, then its items that score as well as its first; see the theme's renderer);
     pages    the pages, in order. Used by scripts/search_quality.py. */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

function load(site) {
  const scripts = path.join(site, "assets", "javascripts");
  const context = { console };
  context.self = context;
  vm.createContext(context);
  for (const file of ["vendor/minisearch/minisearch.min.js", "search/query.js", "search/engine.js", "search/dictionary.js"]) {
    vm.runInContext(fs.readFileSync(path.join(scripts, file), "utf8"), context, { filename: file });
  }
  const index = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"));
  return {
    context,
    prepared: context.GuideQuery.prepare(context.GUIDE_SEARCH_DICT),
    engine: context.GuideEngine.createIndex(context.MiniSearch, index.docs, index.config.separator),
  };
}

/* What the theme's renderer shows of one page's items without opening its fold. */
function shown(items) {
  const top = items[0].score;
  const page = items.find((item) => !item.location.includes("#")) || items[0];
  const rest = items.filter((item) => item !== page);
  const cut = rest.findIndex((item) => item.score < top);
  return [page, ...(cut < 0 ? rest : rest.slice(0, cut))].map((item) => item.location);
}

function answer(state, query) {
  const analysis = state.context.GuideQuery.analyze(query, state.prepared);
  const result = state.context.GuideEngine.search(state.engine, analysis);
  const groups = result.items;
  return {
    first: groups.length ? groups[0][0].location : null,
    visible: groups.map(shown),
    pages: groups.map((items) => items[0].location.split("#")[0]),
  };
}

const state = load(process.argv[2]);
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(queries.map((query) => answer(state, query))));
