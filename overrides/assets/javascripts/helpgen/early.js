/*
 * Starts the search worker from the page's <head>, so the index downloads and loads while
 * the page itself does, instead of after Material's page script (which runs last, after its
 * stylesheet and the whole page are in). When Material's script then creates its search
 * worker (`new Worker(url)` in Material 9.8.1), it is given this one. Any other worker, and
 * any later one, is created as usual. If this script fails, Material starts the worker itself.
 */
(function () {
  "use strict"
  var script = document.currentScript
  if (!script || typeof Worker !== "function" || location.protocol === "file:") return
  var url = new URL("search-worker.js", script.src).href
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
