// The import's progress page: asks the job's status endpoint every two seconds, updates the
// progress bar and the status line, and reloads the page (which then shows the report) once
// the import has finished. Without JavaScript the page has a reload link.
(function () {
  "use strict";
  var section = document.getElementById("import-progress");
  if (!section) return;
  var url = section.getAttribute("data-status-url");
  var bar = document.getElementById("import-progress-bar");
  var text = document.getElementById("import-progress-text");
  var template = section.getAttribute("data-text") || "";

  function show(status) {
    if (status.total) {
      bar.max = status.total;
      bar.value = status.done;
    }
    text.textContent = template
      .replace("%(status)s", status.status_label)
      .replace("%(done)s", status.done)
      .replace("%(total)s", status.total);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        if (status.finished) {
          window.location.reload();
          return;
        }
        show(status);
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
