/*
 * The site's search worker, in place of Material's own (the helpgen plugin points
 * Material's page script at this file: generator/plugin.py, use_site_worker).
 *
 * What it relies on from Material for MkDocs 9.8.1 (the pinned version), whose
 * worker protocol is internal:
 *   - messages are {type, data} with type 0 SETUP (data: {config, docs, options},
 *     config and docs as read from search/search_index.json), 1 READY, 2 QUERY
 *     (data: the text in the search box, sent on every keyup once READY),
 *     3 RESULT (data: {items: SearchItem[][]});
 *   - a SearchItem is {location, title, text, tags, score, terms}; title, text and
 *     tags are inserted as HTML, so everything here is escaped before <mark> is
 *     added; location is relative to the site root; terms maps each query word
 *     to whether the result contains it (missing ones are shown struck out).
 *
 * Usually started by early.js from the page's <head> and handed to Material when its
 * script asks for the search worker (then "helpgen:attach" arrives before SETUP).
 *
 * The prebuilt index is search/helpgen_index.json, written by
 * generator/search/index.py; search_index.json, which Material's page script
 * fetches and hands over with SETUP, is an empty stub. Queries
 * that arrive while one is being answered replace each other: only the newest
 * is answered.
 */
/* global lunr, HelpgenAnalyzer */

/* The index is requested first: it downloads while the rest of this file runs. The build
   (generator/plugin.py: bundle_worker) puts lunr.js and analyzer.js at the end of
   this file in place of the importScripts line below. */
var INDEX = "helpgen_index.json"
var requested = performance.timeOrigin + performance.now()
var response = fetch(new URL("../../../search/" + INDEX, self.location.href).href)
importScripts("lunr.js", "analyzer.js")

var LIMIT = 30
var MIN_COVERAGE = 0.3
var COMMON_SITE = 200     /* as generator/search/query.py: on a site this large, words on more */
var COMMON_SHARE = 0.3    /* than this share of the pages bring no pages to a query */
var PRODUCT_BOOST = 3     /* the pages of a product the query names, as query.py */
var VENDOR_BOOST = 3      /* the pages of a vendor the query names, as query.py */
var CODE_WEIGHT = 2       /* an error code in the query counts twice in the coverage */
var CODE = /[0-9]{3}/
var PARTS = "parts"       /* the field of the parts of a page's compounds (index.PARTS) */
var PART_SHARE = 0.5
var OWN_FIELDS = ["title", "questions", "codes", "body"]  /* a page's own text, as query.py */
var INTENT = "@"          /* the unit of an intent asked with no clause's words, as query.py */
var state = null
var pending = null
var scheduled = false
var stats = { started: performance.timeOrigin, requested: 0, fetched: 0, parsed: 0, setup: 0, ready: 0, queries: [] }
self.helpgenStats = stats

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]
  })
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

/* Escape text and mark the words the query matched */
function highlight(text, words) {
  if (!words.length) return escapeHtml(text)
  var pattern = new RegExp("(" + words.map(escapeRegExp).join("|") + ")", "gi")
  return text.split(pattern).map(function (part, i) {
    return i % 2 ? "<mark>" + escapeHtml(part) + "</mark>" : escapeHtml(part)
  }).join("")
}

/*
 * A lunr index from the shorter form the site ships (generator/search/index.py: pack:
 * differences and thousandths), built with lunr's own constructor. Nothing is decoded
 * before a query needs it: a posting's documents become lunr's {ref: metadata} object,
 * and a page's field vector a lunr.Vector, when a query first reads them. Most terms
 * and vectors are never read, and decoding them all would delay the moment search
 * is ready. (generator/search/index.py: unpack restores the same index in Python.)
 */
function loadIndex(packed) {
  var fields = packed.fields, none = {}
  function lazy(posting, name, deltas) {
    Object.defineProperty(posting, name, {
      configurable: true,
      enumerable: true,
      get: function () {
        var refs = {}
        for (var i = 0, doc = 0; i < deltas.length; i++) { doc += deltas[i]; refs[doc] = none }
        Object.defineProperty(posting, name, { value: refs, enumerable: true })
        return refs
      }
    })
  }
  var invertedIndex = Object.create(null), terms = new Array(packed.terms.length)
  packed.terms.forEach(function (entry, n) {
    var posting = { _index: entry[1] }
    for (var f = 0; f < fields.length; f++) lazy(posting, fields[f], entry[2 + f])
    invertedIndex[entry[0]] = posting
    terms[n] = entry[0]
  })
  var flat = Object.create(null), vectors = Object.create(null)
  packed.vectors.forEach(function (v) { flat[fields[v[0]] + "/" + v[1]] = v })
  var fieldVectors = new Proxy(flat, {
    get: function (target, ref) {
      if (typeof ref !== "string" || !(ref in target)) return undefined
      if (!(ref in vectors)) {
        var v = target[ref], elements = new Array(v.length - 2)
        for (var k = 2, term = 0; k < v.length; k += 2) {
          term += v[k]
          elements[k - 2] = term
          elements[k - 1] = v[k + 1] / 1000
        }
        vectors[ref] = new lunr.Vector(elements)
      }
      return vectors[ref]
    }
  })
  return new lunr.Index({
    invertedIndex: invertedIndex,
    fieldVectors: fieldVectors,
    tokenSet: lunr.TokenSet.fromArray(terms),
    fields: fields,
    pipeline: new lunr.Pipeline()
  })
}

/* The index is loaded as soon as it arrives, while the page still loads */
function now() { return performance.timeOrigin + performance.now() }
stats.requested = requested
var loading = response
  .then(function (r) { return r.text() })
  .then(function (text) {
    stats.fetched = now()
    var data = JSON.parse(text)
    stats.parsed = now()
    var df = Object.create(null)
    data.index.terms.forEach(function (entry, n) { df[entry[0]] = data.index.df[n] })
    var products = data.products || { keys: [""], of: [] }
    var vendors = data.vendors || { keys: [""], of: [] }
    return {
      index: loadIndex(data.index),
      analyzer: new HelpgenAnalyzer(data.lexicon),
      docs: data.docs,
      productOf: function (ref) { return products.keys[products.of[ref] || 0] },
      vendorOf: function (ref) { return vendors.keys[vendors.of[ref] || 0] },
      asks: new Map(),
      df: df
    }
  })

/*
 * READY goes out once the index is loaded and Material listens. Material listens from the
 * moment it has the worker: when early.js started this worker before Material's script ran,
 * early.js says so ("helpgen:attach") as it hands the worker over; otherwise Material's SETUP
 * (whose data this worker does not need) says it.
 */
var listening = false
function ready() {
  if (!listening || state === null || stats.ready) return
  stats.ready = now()
  self.postMessage({ type: 1 })
  schedule()
}
loading.then(function (loaded) {
  state = loaded
  ready()
})

/* Whether a term the index matched comes from this clause */
/* How much of each query word a page has, as query.py's shares: all of it when one of its
   clauses matched, else the share of a compound's parts; a term matched only among the parts of
   the page's own compounds counts PART_SHARE of that */
function shares(clauses, metadata, clausesFor) {
  var whole = new Map(), out = Object.create(null)
  for (var term in metadata) {
    var inWords = Object.keys(metadata[term]).some(function (f) { return f !== PARTS })
    clausesFor(term).forEach(function (c) { whole.set(c, whole.get(c) || inWords) })
  }
  clauses.forEach(function (c) {
    if (!whole.has(c)) return
    var share = (c.parts ? 1 / c.parts : 1) * (whole.get(c) ? 1 : PART_SHARE)
    out[c.unit] = Math.min(1, (out[c.unit] || 0) + share)
  })
  return out
}

function covers(clause, term) {
  if (term === clause.term) return true
  if (clause.prefix) return term.indexOf(clause.term) === 0
  return clause.fuzzy > 0 && HelpgenAnalyzer.oneEdit(term, clause.term)
}

/* The clauses without the site's most common words */
function telling(clauses) {
  if (state.docs.length < COMMON_SITE) return clauses
  var limit = COMMON_SHARE * state.docs.length
  var kept = clauses.filter(function (c) { return c.prefix || c.fuzzy || (state.df[c.term] || 0) <= limit })
  return kept.length ? kept : clauses
}

/* Whether a page's own text has a term (query.py: Searcher.has): not its product's, symptom's
   and tags' field, nor its compounds' parts */
function has(ref, term) {
  var posting = state.index.invertedIndex[term]
  return !!posting && OWN_FIELDS.some(function (f) { return posting[f] && ref in posting[f] })
}

/* The intents a page's title asks, worked out when a query first finds the page */
function asks(ref) {
  if (!state.asks.has(ref)) state.asks.set(ref, state.analyzer.intentsIn(state.docs[ref][1]))
  return state.asks.get(ref)
}

/* For each intent the query asks, the units it stands for (query.py: intent_units) */
function intentUnits(intents, words) {
  var out = new Map()
  intents.forEach(function (said, intent) {
    var units = words.filter(function (u) {
      return said.some(function (w) { return u.indexOf(w) >= 0 || w.indexOf(u) >= 0 })
    })
    out.set(intent, units.length ? units : [INTENT + intent])
  })
  return out
}

/*
 * The same ranking as generator/search/query.py: BM25 times coverage squared (the query's
 * intents count as words), three times that for the pages of a product the query names that
 * have another of its words, and three times again for the pages of a vendor it names.
 */
function search(text) {
  var inverted = state.index.invertedIndex
  var known = function (term) { return Object.prototype.hasOwnProperty.call(inverted, term) }
  var every = state.analyzer.query(text, known), clauses = telling(every)
  if (!clauses.length) return []
  /* The site's commonest words of the query bring no pages, and count where a page has them */
  var common = every.filter(function (c) { return c.required && clauses.indexOf(c) < 0 })
  var results = state.index.query(function (q) {
    clauses.forEach(function (c) {
      var options = {
        usePipeline: false,
        wildcard: c.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
        presence: lunr.Query.presence.OPTIONAL
      }
      /* Only a fuzzy clause names an edit distance: lunr.js reads any editDistance, even 0, as
         a fuzzy term, and its "*" then stands for one character instead of a prefix */
      if (c.fuzzy) options.editDistance = c.fuzzy
      q.term(c.term, options)
    })
  })
  var words = [], weight = Object.create(null), total = 0
  every.forEach(function (c) { if (c.required && words.indexOf(c.unit) < 0) words.push(c.unit) })
  var asked = intentUnits(state.analyzer.intentsIn(text), words)
  asked.forEach(function (units) {
    units.forEach(function (u) { if (u.indexOf(INTENT) === 0) words.push(u) })
  })
  /* A product's name is a word of the query even when no page has it (alb) */
  var named = state.analyzer.productsIn(text, known), namedKeys = new Set(named.values())
  named.forEach(function (_, u) { if (words.indexOf(u) < 0) words.push(u) })
  /* A vendor's name is one too, and stands for the words cut from it (腾讯 of 腾讯云) */
  var vendors = state.analyzer.vendorsIn(text), vendorKeys = new Set(vendors.values())
  words = words.filter(function (u) {
    var inside = false
    vendors.forEach(function (_, v) { if (v.indexOf(u) >= 0) inside = true })
    return !inside
  })
  vendors.forEach(function (_, v) { words.push(v) })
  words.forEach(function (u) { weight[u] = CODE.test(u) ? CODE_WEIGHT : 1; total += weight[u] })
  var others = words.filter(function (u) { return !named.has(u) && !vendors.has(u) })
  /* The query words each matched term stands for, worked out once per term, not per page */
  var clausesOf = Object.create(null)
  function clausesFor(term) {
    if (!(term in clausesOf)) {
      clausesOf[term] = clauses.filter(function (c) { return c.required && covers(c, term) })
    }
    return clausesOf[term]
  }
  var ranked = results.map(function (result) {
    var ref = Number(result.ref), product = state.productOf(ref)
    var found = shares(clauses, result.matchData.metadata, clausesFor)
    common.forEach(function (c) { if (has(ref, c.term)) found[c.unit] = 1 })
    named.forEach(function (key, u) { if (key === product && words.indexOf(u) >= 0) found[u] = 1 })
    var vendor = state.vendorOf(ref)
    vendors.forEach(function (key, u) { if (key === vendor) found[u] = 1 })
    asks(ref).forEach(function (_, intent) {
      if (asked.has(intent)) asked.get(intent).forEach(function (u) { found[u] = 1 })
    })
    var coverage = 1
    if (total) {
      coverage = 0
      words.forEach(function (u) { if (found[u]) coverage += weight[u] * found[u] })
      coverage /= total
    }
    var boost = namedKeys.has(product) &&
      (others.some(function (u) { return found[u] }) || !others.length) ? PRODUCT_BOOST : 1
    if (vendorKeys.has(vendor) && (others.some(function (u) { return found[u] }) || !others.length)) {
      boost *= VENDOR_BOOST
    }
    return {
      score: Math.round(result.score * coverage * coverage * boost * 1e6) / 1e6,
      coverage: coverage, ref: ref, found: found
    }
  })
  if (!ranked.length) return []
  var floor = Math.min(MIN_COVERAGE, Math.max.apply(null, ranked.map(function (r) { return r.coverage })))
  ranked = ranked.filter(function (r) { return r.coverage >= floor - 1e-9 })
  ranked.sort(function (a, b) { return b.score - a.score || a.ref - b.ref })
  return ranked.slice(0, LIMIT).map(function (r) {
    var doc = state.docs[r.ref]
    var terms = {}
    var typed = words.filter(function (u) { return u.indexOf(INTENT) !== 0 })
    typed.forEach(function (u) { terms[u] = !!r.found[u] })
    /* The words as typed and the words they were looked for as (密钥 for 秘钥, a synonym) */
    var marks = typed.filter(function (u) { return r.found[u] })
    clauses.forEach(function (c) {
      if (c.required && !c.prefix && !c.fuzzy && r.found[c.unit] && marks.indexOf(c.term) < 0) marks.push(c.term)
    })
    marks.sort(function (a, b) { return b.length - a.length })
    return [{
      location: doc[0],
      title: highlight(doc[1], marks),
      text: doc[2] ? "<p>" + highlight(doc[2], marks) + "</p>" : "",
      tags: doc[3].map(escapeHtml),
      score: r.score,
      terms: terms
    }]
  })
}

function answer() {
  scheduled = false
  if (state === null || pending === null) return
  var text = pending
  pending = null
  var start = performance.now()
  var items = search(text)
  stats.queries.push({ query: text, ms: performance.now() - start, results: items.length })
  self.postMessage({ type: 3, data: { items: items } })
}

/* Answer on the next turn, so queries queued behind this one replace it */
function schedule() {
  if (!scheduled && state !== null && pending !== null) {
    scheduled = true
    setTimeout(answer, 0)
  }
}

self.addEventListener("message", function (event) {
  var message = event.data
  if (message.type === 0 || message.type === "helpgen:attach") {
    if (message.type === 0) stats.setup = now()
    listening = true
    ready()
  } else if (message.type === 2) { pending = message.data; schedule() }
})
