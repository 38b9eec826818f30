// Drag and drop for the queue, on top of the buttons (which work without it): dropping a paper
// on another submits the same "move" form the buttons do, so the server decides as in chat.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("drag-move");
  const items = document.querySelectorAll(".manage-queue li[data-number]");
  if (!form || items.length < 2) return;
  let from = null; // the dragged paper's item
  items.forEach((item) => {
    item.draggable = true;
    item.addEventListener("dragstart", (event) => {
      from = item;
      item.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.number);
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
      if (from === null || from === item) return;
      // The dragged paper by its id (and the number shown, for the server to say if it moved),
      // to the place the paper it was dropped on showed.
      form.elements.number.value = from.dataset.number;
      form.elements.paper_id.value = from.dataset.paperId;
      form.elements.to.value = item.dataset.number;
      form.submit();
    });
  });
});

// A paper's summary and prompts boxes, fetched when its "Pin or edit" opens: the page does not
// carry every queued paper's text. The fetched forms replace the link to their own page (what
// works without JavaScript); the status line says when they are loading or could not load.
document.addEventListener("DOMContentLoaded", () => {
  const queue = document.querySelector(".manage-queue");
  if (!queue) return;
  queue.querySelectorAll(".edit-boxes[data-src]").forEach((holder) => {
    const details = holder.closest("details");
    const status = holder.querySelector(".load-status");
    if (!details || !status) return;
    const load = async () => {
      if (holder.dataset.state) return; // loading, or loaded
      holder.dataset.state = "loading";
      holder.setAttribute("aria-busy", "true");
      status.textContent = queue.dataset.loading || "";
      try {
        const answer = await fetch(holder.dataset.src, { credentials: "same-origin" });
        if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
        const parsed = new DOMParser().parseFromString(await answer.text(), "text/html");
        holder.replaceChildren(...Array.from(parsed.body.childNodes));
        holder.dataset.state = "loaded";
      } catch (error) {
        delete holder.dataset.state; // opening it again tries again
        status.textContent = queue.dataset.failed || "";
      } finally {
        holder.removeAttribute("aria-busy");
      }
    };
    details.addEventListener("toggle", () => {
      if (details.open) load();
    });
    if (details.open) load();
  });
});
