// @ts-check
// Material for MkDocs' content script (its partials/javascripts/content.html), from a file
// for the Content-Security-Policy: open the tab a link's #anchor points to.
var target = /** @type {HTMLInputElement | null} */ (document.getElementById(location.hash.slice(1)));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
