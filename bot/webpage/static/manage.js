// Drag and drop for the queue, on top of the buttons (which work without it): dropping a paper
// on another submits the same "move" form the buttons do, so the server decides as in chat.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("drag-move");
  const items = document.querySelectorAll(".manage-queue li[data-number]");
  if (!form || items.length < 2) return;
  let from = null;
  items.forEach((item) => {
    item.draggable = true;
    item.addEventListener("dragstart", (event) => {
      from = item.dataset.number;
      item.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", from);
    });
    item.addEventListener("dragend", () => item.classList.remove("dragging"));
    item.addEventListener("dragover", (event) => {
      event.preventDefault();
      item.classList.add("over");
    });
    item.addEventListener("dragleave", () => item.classList.remove("over"));
    item.addEventListener("drop", (event) => {
      event.preventDefault();
      item.classList.remove("over");
      const to = item.dataset.number;
      if (from === null || from === to) return;
      form.elements.number.value = from;
      form.elements.to.value = to;
      form.submit();
    });
  });
});
