// The site root: go to the language the browser prefers among those the site has, the first
// one otherwise. Without JavaScript the page lists a link to each language.
(function () {
  var have = document.currentScript.dataset.languages.split(" ");
  var wanted = navigator.languages || [navigator.language || ""];
  var pick = have[0];
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    if (have.indexOf(code) >= 0) { pick = code; break; }
  }
  location.replace(pick + "/index.html" + location.hash);
})();
