/*
 * Query analysis for the search box: the browser half of generator/search/analyzer.py
 * (and of generator/search/sounds.py, the homophone table). Keep them in step;
 * tests/test_search.py runs both over the same queries and compares the clauses they
 * give, the products they find named and the intents they find asked. The lexicon ships inside the search index.
 */
(function (root) {
  "use strict"

  var PIECE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|(?:(?<![a-z0-9._-])-(?=[0-9]))?[a-z0-9]+(?:[._-][a-z0-9]+)*/g
  var PART = /[._-]/
  var LETTER = /[a-z]/
  var ENTRY = /([a-z]+)(\S+)/g
  var PARTICLES = "的了吗呢吧啊呀哦么"
  var MAX_WORD = 8
  var MAX_HOMOPHONES = 3
  var COMMON_WORD = 10000  /* as analyzer.py: function words are never what a misheard one stands for */
  var DOMAIN_FREQ = 20000  /* as analyzer.py: a domain word's weight, never a function word's */

  function Analyzer(lexicon) {
    this.freq = lexicon.freq
    this.logTotal = Math.log(lexicon.total)
    this.stopwords = new Set(lexicon.stopwords)
    this.synonyms = lexicon.synonyms
    this.t2s = new Map()
    for (var i = 0; i + 1 < lexicon.t2s.length; i += 2)
      this.t2s.set(lexicon.t2s[i], lexicon.t2s[i + 1])
    /* sounds.py: "mi密秘米 yao要钥" -> syllable -> characters, character -> syllables */
    this.groups = new Map()
    this.readings = new Map()
    var m
    ENTRY.lastIndex = 0
    while ((m = ENTRY.exec(lexicon.sounds || "")) !== null) {
      this.groups.set(m[1], m[2])
      for (var k = 0; k < m[2].length; k++) {
        if (!this.readings.has(m[2][k])) this.readings.set(m[2][k], [])
        this.readings.get(m[2][k]).push(m[1])
      }
    }
    this.products = new Map(lexicon.products || [])
    this.intents = lexicon.intents || []
    this.vendors = new Map(lexicon.vendors || [])
  }

  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key)
  }

  /* One insertion, deletion, substitution or transposition of neighbours at most */
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false
    var i = 0
    while (i < Math.min(a.length, b.length) && a[i] === b[i]) i++
    if (a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i))
      return true
    return a.length === b.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
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

  /* sounds.py Sounds.alike: one character replaced by one that shares a reading with it */
  Analyzer.prototype.alike = function (word) {
    var out = [], seen = new Set()
    for (var i = 0; i < word.length; i++) {
      var syllables = this.readings.get(word[i]) || []
      for (var s = 0; s < syllables.length; s++) {
        var chars = this.groups.get(syllables[s])
        for (var c = 0; c < chars.length; c++) {
          var candidate = word.slice(0, i) + chars[c] + word.slice(i + 1)
          if (chars[c] !== word[i] && !seen.has(candidate)) { seen.add(candidate); out.push(candidate) }
        }
      }
    }
    return out
  }

  /* Words of the site (folded) that sound like word with one character changed */
  Analyzer.prototype.homophones = function (word, known) {
    var self = this
    return this.alike(word).filter(function (w) {
      return (self.count(w) > 0 && self.count(w) <= COMMON_WORD || self.count(w) === DOMAIN_FREQ) && !self.stopwords.has(w) &&
        known(self.fold(w))
    }).map(function (w) { return self.fold(w) }).slice(0, MAX_HOMOPHONES)
  }

  /* parts: of a compound looked for by its parts, how many (each is that share of it) */
  function clause(term, required, prefix, fuzzy, unit, parts) {
    return {
      term: term, required: required, prefix: !!prefix, fuzzy: fuzzy || 0, unit: unit,
      parts: parts || 0
    }
  }

  function bigrams(run) {
    var out = []
    for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2))
    return out
  }

  function pieces(norm) {
    var out = [], m
    PIECE.lastIndex = 0
    while ((m = PIECE.exec(norm)) !== null) out.push(m)
    return out
  }

  /* Clauses for what a customer typed; known(term) says whether the index has a term */
  Analyzer.prototype.query = function (text, known) {
    var norm = this.normalize(text), found = pieces(norm)
    var typing = found.length > 0 &&
      found[found.length - 1].index + found[found.length - 1][0].length === norm.length
    var clauses = []
    for (var n = 0; n < found.length; n++) {
      var last = typing && n === found.length - 1, piece = found[n][0]
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
    if (this.stopwords.has(piece) && !last) return []
    var parts = piece.split(PART).filter(function (p) { return p.length >= 2 && LETTER.test(p) })
      .map(function (p) { return self.fold(p) })
    var found = parts.length > 1
      ? parts.filter(known).map(function (p) { return clause(p, true, false, 0, piece, parts.length) })
      : []
    /* Whole, and by its parts: a page may name the thing without the rest of the address */
    if (known(term)) return [clause(term, true, false, 0, piece)].concat(found)
    if (piece[0] === "-" && known(piece.slice(1))) return [clause(piece.slice(1), true, false, 0, piece)]
    if (found.length) return found
    if (last) return [clause(term, true, true, 0, piece)]
    if (term.length === 3) {
      /* One edit from three letters reaches every other abbreviation: only neighbours swapped */
      return [term[1] + term[0] + term[2], term[0] + term[2] + term[1]].filter(known)
        .map(function (s) { return clause(s, true, false, 0, piece) })
    }
    if (term.length > 3 && LETTER.test(term)) return [clause(term, true, false, 1, piece)]
    return []
  }

  Analyzer.prototype.chinese = function (run, last, known) {
    var self = this, out = [], looseStart = -1, at = 0

    function usable(b) { return b.length === 2 && !self.skipBigram(b) && known(b) }

    function byBigrams(text) {
      var found = []
      bigrams(text).forEach(function (b) {
        if (self.skipBigram(b)) return
        if (known(self.fold(b))) found.push(clause(self.fold(b), true, false, 0, text))
        else self.homophones(b, known).forEach(function (h) { found.push(clause(h, true, false, 0, text)) })
      })
      return found
    }

    function curated(text) {
      var found = [], seen = new Set()
      for (var i = 0; i < text.length; i++) {
        var c = text[i]
        if (seen.has(c)) continue
        seen.add(c)
        if (own(self.synonyms, c) && known(self.fold(c))) found.push(clause(self.fold(c), true, false, 0, c))
      }
      return found
    }

    function flush(end) {
      var loose = run.slice(looseStart, end)
      if (loose.length >= 2) {
        /* When no bigram of the run is the site's, its characters that are curated words */
        var found = byBigrams(loose)
        out = out.concat(found.length ? found : curated(loose))
        return
      }
      if (own(self.synonyms, loose) && known(self.fold(loose))) {
        out.push(clause(self.fold(loose), true, false, 0, loose))
        return
      }
      if (last && end === run.length) out.push(clause(loose, false, true, 0, loose))
      var around = [looseStart > 0 ? run.slice(looseStart - 1, end) : "", run.slice(looseStart, end + 1)]
      around.forEach(function (b) { if (usable(b)) out.push(clause(b, false, false, 0, loose)) })
    }

    var segs = this.segment(run)
    for (var s = 0; s < segs.length; s++) {
      var seg = segs[s], word = seg.length >= 2
      if (looseStart >= 0 && (word || this.stopwords.has(seg) || PARTICLES.indexOf(seg) >= 0)) {
        flush(at)
        looseStart = -1
      }
      var term = this.fold(seg)
      if (word && !this.stopwords.has(seg)) {
        /* A word the index lacks: a homophone of it the index has, else its bigrams */
        var alike = known(term) ? [] : this.homophones(seg, known)
        var found = known(term) ? [clause(term, true, false, 0, seg)] : byBigrams(seg)
        out = out.concat(alike.length
          ? alike.map(function (h) { return clause(h, true, false, 0, seg) })
          : found)
      } else if (!word && !this.stopwords.has(seg) && PARTICLES.indexOf(seg) < 0 && looseStart < 0) {
        looseStart = at
      }
      at += seg.length
    }
    if (looseStart >= 0) flush(run.length)
    return out
  }

  /* The products a query names: the word that names each -> the product's key; a Latin piece
     of three letters or more that the index lacks names a product one typo away (cnd) */
  Analyzer.prototype.productsIn = function (text, known) {
    var products = this.products
    return this.namesIn(text, products, function (piece) {
      if (piece.length < 3 || known(piece)) return ""
      var near = new Set()
      products.forEach(function (key, name) { if (name.length >= 3 && oneEdit(name, piece)) near.add(key) })
      return near.size === 1 ? near.values().next().value : ""
    })
  }

  /* The vendors a query names: each name or alias found -> the vendor's key; a name inside a
     longer one found is not one of its own (腾讯 of 腾讯云) */
  Analyzer.prototype.vendorsIn = function (text) {
    var found = this.namesIn(text, this.vendors), out = new Map()
    found.forEach(function (key, a) {
      var inner = false
      found.forEach(function (_, b) { if (a !== b && b.indexOf(a) >= 0) inner = true })
      if (!inner) out.set(a, key)
    })
    return out
  }

  /* The names (normalised -> a key) a query says: found in a Chinese run, or a Latin piece as
     a whole; guess(piece) gives the key of a Latin piece that is none ("") */
  Analyzer.prototype.namesIn = function (text, names, guess) {
    var found = new Map()
    pieces(this.normalize(text)).forEach(function (m) {
      var piece = m[0], key
      if (piece.charCodeAt(0) >= 0x80) {
        names.forEach(function (k, name) { if (piece.indexOf(name) >= 0) found.set(name, k) })
      } else if (names.has(piece)) {
        found.set(piece, names.get(piece))
      } else if (guess && (key = guess(piece))) {
        found.set(piece, key)
      }
    })
    return found
  }

  /* What a question asks (search.yml's intents): intent -> the words of it the text has; a word
     found only inside a longer intent word of the text asks nothing of its own (analyzer.py) */
  Analyzer.prototype.intentsIn = function (text) {
    var norm = this.normalize(text), found = new Map(), said = []
    this.intents.forEach(function (entry) {
      entry[1].forEach(function (w) { if (norm.indexOf(w) >= 0) said.push(w) })
    })
    function alone(word) {
      var rest = norm
      said.forEach(function (longer) {
        if (word !== longer && longer.indexOf(word) >= 0) rest = rest.split(longer).join(" ")
      })
      return rest.indexOf(word) >= 0
    }
    this.intents.forEach(function (entry) {
      var hits = entry[1].filter(function (w) { return norm.indexOf(w) >= 0 && alone(w) })
      if (hits.length) found.set(entry[0], hits)
    })
    return found
  }

  Analyzer.oneEdit = oneEdit
  root.HelpgenAnalyzer = Analyzer
  if (typeof module !== "undefined" && module.exports) module.exports = Analyzer
})(typeof self !== "undefined" ? self : this)
