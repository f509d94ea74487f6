/* Documents: follow a mail merge's progress in place; jump from a template problem to its line. */
(function () {
  "use strict";

  var box = document.querySelector("[data-merge-status]");
  if (box) {
    var bar = box.querySelector("progress");
    var state = box.querySelector("[data-merge-state]");
    var download = box.querySelector("[data-merge-download]");
    var failed = box.querySelector("[data-merge-failed]");
    var poll = function () {
      fetch(box.getAttribute("data-merge-status"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (job) {
          if (!job) { setTimeout(poll, 3000); return; }
          bar.max = job.total || 1;
          bar.value = job.done;
          if (job.status === "done") {
            state.textContent = box.getAttribute("data-text-done").replace("{n}", job.total);
            var link = download.querySelector("a");
            if (link && (job.download || job.result)) link.href = job.download || job.result;
            download.hidden = false;
          } else if (job.status === "failed") {
            state.textContent = job.error;
            failed.hidden = false;
          } else {
            state.textContent = box.getAttribute("data-text-running")
              .replace("{done}", job.done).replace("{total}", job.total);
          }
          if (!job.finished) setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    if (download.hidden && failed.hidden) setTimeout(poll, 500);
  }

  /* A problem's link selects its line in the textarea, so the author lands on the mistake. */
  document.querySelectorAll("[data-goto-field]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var area = document.getElementById(link.getAttribute("data-goto-field"));
      var line = parseInt(link.getAttribute("data-goto-line"), 10);
      if (!area) return;
      event.preventDefault();
      area.focus();
      if (!line) return;
      var lines = area.value.split("\n");
      var start = 0;
      for (var i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
      var end = start + (lines[line - 1] || "").length;
      area.setSelectionRange(start, end);
      var lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 16;
      area.scrollTop = Math.max(0, (line - 3) * lineHeight);
    });
  });
})();
