/* The handout's "Print" button. A static file rather than an inline onclick: the site's
 * Content-Security-Policy runs no inline script without the page's nonce. */
(function () {
  "use strict";
  document.querySelectorAll("[data-handout-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
