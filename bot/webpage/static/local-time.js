// Optional: adds the visitor's own time beside each club time. The page is complete without it
// (the club's zone and UTC are written by the server). The words come from the page, in the
// club's language (the body's data-your-time, "{zone}" and "{time}" filled in here), and the
// date is written in the page's language.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var sentence = document.body.getAttribute("data-your-time") || "{zone}: {time}";
  var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
  document.querySelectorAll("time[data-local]").forEach(function (node) {
    var when = new Date(node.getAttribute("datetime"));
    if (isNaN(when.getTime())) { return; }
    var mine = document.createElement("span");
    mine.className = "local";
    mine.textContent = sentence.replace("{zone}", zone).replace("{time}", format.format(when));
    node.parentNode.appendChild(mine);
  });
});
