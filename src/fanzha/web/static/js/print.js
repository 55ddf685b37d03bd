// The receipt page's "打印本页" button: shown only where scripts run (the page prints from the
// browser's own menu without it). No inline script: the CSP allows only files of this site.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
