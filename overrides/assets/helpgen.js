// helpgen: the home page's big search button opens Material's search with the cursor in the box.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".hg-search-button");
  if (!button) return;
  window.setTimeout(function () {
    var input = document.querySelector(".md-search__input");
    if (input) input.focus();
  }, 50);
});
