/*
 * Query analysis for the search box: the browser half of generator/search/analyzer.py.
 * Keep the two in step; tests/test_search.py runs both over the same queries and
 * compares the clauses they give. The lexicon ships inside the search index.
 */
(function (root) {
  "use strict"

  var PIECE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[._-][a-z0-9]+)*/g
  var PART = /[._-]/
  var LETTER = /[a-z]/
  var PARTICLES = "的了吗呢吧啊呀哦么"
  var MAX_WORD = 8

  function Analyzer(lexicon) {
    this.freq = lexicon.freq
    this.logTotal = Math.log(lexicon.total)
    this.stopwords = new Set(lexicon.stopwords)
    this.synonyms = lexicon.synonyms
    this.t2s = new Map()
    for (var i = 0; i + 1 < lexicon.t2s.length; i += 2)
      this.t2s.set(lexicon.t2s[i], lexicon.t2s[i + 1])
  }

  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key)
  }

  Analyzer.prototype.normalize = function (text) {
    var t2s = this.t2s
    return text.normalize("NFKC").toLowerCase().replace(/[^\x00-\x7f]/g, function (c) {
      return t2s.get(c) || c
    })
  }

  Analyzer.prototype.fold = function (word) {
    return own(this.synonyms, word) ? this.synonyms[word] : word
  }

  Analyzer.prototype.count = function (word) {
    return own(this.freq, word) ? this.freq[word] : 0
  }

  Analyzer.prototype.skipBigram = function (bigram) {
    return PARTICLES.indexOf(bigram[0]) >= 0 || PARTICLES.indexOf(bigram[1]) >= 0 ||
      this.stopwords.has(bigram)
  }

  /* jieba's route without its HMM: the most probable path through the word graph */
  Analyzer.prototype.segment = function (run) {
    var size = run.length, best = new Array(size + 1)
    best[size] = [0, 0]
    for (var i = size - 1; i >= 0; i--) {
      var value = Math.log(this.count(run[i]) || 1) - this.logTotal + best[i + 1][0], end = i + 1
      for (var j = i + 2; j <= Math.min(i + MAX_WORD, size); j++) {
        var f = this.count(run.slice(i, j))
        if (f > 0) {
          var v = Math.log(f) - this.logTotal + best[j][0]
          if (v > value || (v === value && j > end)) { value = v; end = j }
        }
      }
      best[i] = [value, end]
    }
    var out = []
    for (var k = 0; k < size; k = best[k][1]) out.push(run.slice(k, best[k][1]))
    return out
  }

  function clause(term, required, prefix, fuzzy, unit) {
    return { term: term, required: required, prefix: !!prefix, fuzzy: fuzzy || 0, unit: unit }
  }

  function bigrams(run) {
    var out = []
    for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2))
    return out
  }

  /* Clauses for what a customer typed; known(term) says whether the index has a term */
  Analyzer.prototype.query = function (text, known) {
    var norm = this.normalize(text), pieces = [], m
    PIECE.lastIndex = 0
    while ((m = PIECE.exec(norm)) !== null) pieces.push(m)
    var typing = pieces.length > 0 &&
      pieces[pieces.length - 1].index + pieces[pieces.length - 1][0].length === norm.length
    var clauses = []
    for (var n = 0; n < pieces.length; n++) {
      var last = typing && n === pieces.length - 1, piece = pieces[n][0]
      clauses = clauses.concat(piece.charCodeAt(0) < 0x80
        ? this.latin(piece, last, known)
        : this.chinese(piece, last, known))
    }
    var seen = new Set(), unique = []
    for (var c = 0; c < clauses.length; c++) {
      var key = clauses[c].term + "\u0000" + clauses[c].prefix + "\u0000" + clauses[c].fuzzy
      if (!seen.has(key)) { seen.add(key); unique.push(clauses[c]) }
    }
    return unique
  }

  Analyzer.prototype.latin = function (piece, last, known) {
    var self = this, term = this.fold(piece)
    if (known(term)) return [clause(term, true, false, 0, piece)]
    var parts = piece.split(PART).filter(function (p) { return p.length >= 2 && LETTER.test(p) })
      .map(function (p) { return self.fold(p) })
    var found = parts.length > 1
      ? parts.filter(known).map(function (p) { return clause(p, true, false, 0, piece) })
      : []
    if (found.length) return found
    if (last) return [clause(term, true, true, 0, piece)]
    if (term.length >= 3 && LETTER.test(term)) return [clause(term, true, false, 1, piece)]
    return []
  }

  Analyzer.prototype.chinese = function (run, last, known) {
    var self = this, out = [], looseStart = -1, at = 0

    function usable(b) { return !self.skipBigram(b) && known(b) }

    function flush(end) {
      var loose = run.slice(looseStart, end)
      if (loose.length >= 2) {
        bigrams(loose).filter(usable).forEach(function (b) { out.push(clause(b, true, false, 0, loose)) })
        return
      }
      if (last && end === run.length) out.push(clause(loose, false, true, 0, loose))
      var around = [looseStart > 0 ? run.slice(looseStart - 1, end) : "", run.slice(looseStart, end + 1)]
      around.forEach(function (b) {
        if (b.length === 2 && usable(b)) out.push(clause(b, false, false, 0, loose))
      })
    }

    var segs = this.segment(run)
    for (var s = 0; s < segs.length; s++) {
      var seg = segs[s], word = seg.length >= 2
      if (looseStart >= 0 && (word || this.stopwords.has(seg) || PARTICLES.indexOf(seg) >= 0)) {
        flush(at)
        looseStart = -1
      }
      if (word) {
        if (!this.stopwords.has(seg)) {
          var term = this.fold(seg)
          if (known(term)) out.push(clause(term, true, false, 0, seg))
          else bigrams(seg).filter(usable).forEach(function (b) { out.push(clause(b, true, false, 0, seg)) })
        }
      } else if (!this.stopwords.has(seg) && PARTICLES.indexOf(seg) < 0 && looseStart < 0) {
        looseStart = at
      }
      at += seg.length
    }
    if (looseStart >= 0) flush(run.length)
    return out
  }

  root.HelpgenAnalyzer = Analyzer
  if (typeof module !== "undefined" && module.exports) module.exports = Analyzer
})(typeof self !== "undefined" ? self : this)
