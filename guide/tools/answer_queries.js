/* Run the guide's search (the built site's index and dictionary, the scripts as shipped) on
   queries read as JSON from stdin, in node, without a browser; print what the result list shows.
   Usage: node guide/tools/answer_queries.js SITE < queries.json   (a JSON list of strings)
   Prints a JSON list, one entry per query: {first, visible, pages}:
     first    the location the first card's title opens (what leads the list);
     visible  for each listed page, the locations its card shows without opening a fold;
     pages    the pages, in order. Used by guide/tools/search_quality.py. */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

function load(site) {
  const scripts = path.join(site, "assets", "javascripts");
  const context = { console };
  context.self = context;
  vm.createContext(context);
  const files = ["search/query.js", "search/engine.js", "search/dictionary.js", "search/index.js"];
  for (const file of files) {
    vm.runInContext(fs.readFileSync(path.join(scripts, file), "utf8"), context, { filename: file });
  }
  return {
    context,
    prepared: context.GuideQuery.prepare(context.GUIDE_SEARCH_DICT),
    engine: context.GuideEngine.createIndex(context.GUIDE_SEARCH_INDEX),
  };
}

function answer(state, query) {
  const analysis = state.context.GuideQuery.analyze(query, state.prepared);
  const { groups } = state.context.GuideEngine.search(state.engine, analysis);
  return {
    first: groups.length ? groups[0].items[0].location : null,
    visible: groups.map((group) => group.items.slice(0, group.shown).map((item) => item.location)),
    pages: groups.map((group) => group.page),
    scope: analysis.elsewhere.length > 0,
  };
}

const state = load(process.argv[2]);
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(queries.map((query) => answer(state, query))));
