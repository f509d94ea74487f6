// Log from e-mail: files dropped on the drop zone are chosen in its file input and sent at once.
(function () {
  "use strict";
  document.querySelectorAll("[data-drop-zone]").forEach(function (zone) {
    if (zone.dataset.dropReady) return;
    zone.dataset.dropReady = "1";
    var input = zone.querySelector("[data-drop-input]");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("dragging");
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      zone.requestSubmit();
    });
  });
})();
