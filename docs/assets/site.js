// Site-wide touches. Material's search dialog has no accessible name: give it the search
// box's own (localized) placeholder, on every page Material's instant navigation shows.
function nameSearchDialog() {
  const dialog = document.querySelector(".md-search[role=dialog]");
  const input = document.querySelector(".md-search__input");
  if (dialog && input && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", input.placeholder);
}

if (window.document$) window.document$.subscribe(nameSearchDialog);
else document.addEventListener("DOMContentLoaded", nameSearchDialog);
