/* Meetings: drag and drop to reorder the agenda. The Move up/down buttons do the same without JavaScript. */
(function () {
  "use strict";

  var table = document.querySelector("[data-agenda-reorder]");
  var orderForm = document.querySelector("[data-agenda-order]");
  if (!table || !orderForm) return;
  var body = table.tBodies[0];
  var dragged = null;
  var before = "";

  function currentOrder() {
    return Array.prototype.map.call(body.querySelectorAll("tr[data-item-id]"), function (row) {
      return row.getAttribute("data-item-id");
    }).join(",");
  }

  function submitOrder() {
    orderForm.querySelectorAll("input[name=item_ids]").forEach(function (input) { input.remove(); });
    body.querySelectorAll("tr[data-item-id]").forEach(function (row) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "item_ids";
      input.value = row.getAttribute("data-item-id");
      orderForm.appendChild(input);
    });
    orderForm.submit();
  }

  body.querySelectorAll("tr[draggable=true]").forEach(function (row) {
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      before = currentOrder();
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.getAttribute("data-item-id"));
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("dragging");
      dragged = null;
      if (currentOrder() !== before) submitOrder();
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row) return;
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (event) { event.preventDefault(); });
  });
})();
