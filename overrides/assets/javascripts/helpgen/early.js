/*
 * Inlined into every page's <head> (overrides/main.html, generator/plugin.py: on_env).
 * Starts the search worker from the page's <head>, so the index downloads and loads while
 * the page itself does, instead of after Material's page script (which runs last, after its
 * stylesheet and the whole page are in). When Material's script then creates its search
 * worker (`new Worker(url)` in Material 9.8.1), it is given this one. Any other worker, and
 * any later one, is created as usual. If this script fails, Material starts the worker itself.
 */
(function () {
  "use strict"
  // Material 9.8.1 reads the search box on keyup only: text that arrives without a key (pasted
  // with the mouse, dictated, committed by some input methods) would not be searched until the
  // next key. Any input in the box is passed on as a keyup; Material ignores an unchanged value.
  document.addEventListener("input", function (event) {
    var box = event.target
    if (box && box.classList && box.classList.contains("md-search__input")) {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
    }
  }, true)
})()

;(function () {
  "use strict"
  var script = document.currentScript
  if (!script || !script.dataset.worker || typeof Worker !== "function" || location.protocol === "file:") return
  var url = new URL(script.dataset.worker, location.href).href
  var early
  try {
    early = new Worker(url)
  } catch (err) {
    return
  }
  var Native = window.Worker
  function Early(target, options) {
    if (early && new URL(String(target), location.href).href === url) {
      var worker = early
      early = null
      worker.postMessage({ type: "helpgen:attach" })  // Material listens from now on
      return worker
    }
    return new Native(target, options)
  }
  Early.prototype = Native.prototype
  window.Worker = Early
})()
