// Optional: adds the visitor's own time beside each club time. The page is complete without it
// (the club's zone and UTC are written by the server).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var format = new Intl.DateTimeFormat(undefined, {
    weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
  document.querySelectorAll("time[data-local]").forEach(function (node) {
    var when = new Date(node.getAttribute("datetime"));
    if (isNaN(when.getTime())) { return; }
    var mine = document.createElement("span");
    mine.className = "local";
    mine.textContent = "Your time (" + zone + "): " + format.format(when);
    node.parentNode.appendChild(mine);
  });
});
