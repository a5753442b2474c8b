// Live mode: the conversation timer, a local backup of the notes, and small conveniences.
// Everything is configured by data-* attributes (no inline script, so the page keeps a strict CSP),
// and the page works without this file: the notes box still saves with its button.
(function () {
  "use strict";

  function readJSON(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function writeJSON(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: no backup */ }
  }
  function forget(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing to forget */ }
  }

  // --- The timer: counts down the agreed minutes; warns before the end; nudges to ask before running over.
  function startTimer(box) {
    var total = Number(box.dataset.minutes || "20") * 60;
    var warnAt = Number(box.dataset.warnSeconds || "120");
    var key = box.dataset.storageKey;
    var clock = box.querySelector("#timer-clock");
    var startButton = box.querySelector("#timer-start");
    var resetButton = box.querySelector("#timer-reset");
    var warning = box.querySelector("#timer-warning");
    var over = box.querySelector("#timer-over");
    var ticker = null;

    function show(secondsLeft) {
      var late = secondsLeft < 0;
      var left = Math.abs(secondsLeft);
      var text = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      clock.textContent = late ? "+" + text : text;
      warning.hidden = late || secondsLeft > warnAt;
      over.hidden = !late && secondsLeft !== 0;
      box.classList.toggle("timer-warn", !late && secondsLeft <= warnAt);
      box.classList.toggle("timer-late", late || secondsLeft === 0);
    }
    function tick() {
      var saved = readJSON(key);
      if (!saved) { show(total); return; }
      show(total - Math.floor((Date.now() - saved.startedAt) / 1000));
    }
    function run() {
      if (ticker === null) { ticker = window.setInterval(tick, 1000); }
      startButton.textContent = "Running";
      startButton.disabled = true;
      tick();
    }
    startButton.addEventListener("click", function () {
      // The start time is kept, so a reload or a closed tab does not lose the count.
      if (!readJSON(key)) { writeJSON(key, { startedAt: Date.now() }); }
      run();
    });
    resetButton.addEventListener("click", function () {
      forget(key);
      if (ticker !== null) { window.clearInterval(ticker); ticker = null; }
      startButton.textContent = "Start";
      startButton.disabled = false;
      show(total);
    });
    if (readJSON(key)) { run(); } else { show(total); }
  }

  // --- Notes: every keystroke is kept in localStorage until the server confirms the save; on load an
  // unsaved copy newer than the server's is put back and saved.
  function backUpNotes(box) {
    var key = box.dataset.backupKey;
    var savedAt = Number(box.dataset.savedAt || "0");
    var status = document.getElementById("notes-status");
    box.addEventListener("input", function () {
      writeJSON(key, { text: box.value, at: Date.now() });
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== box || !event.detail.successful) { return; }
      var backup = readJSON(key);
      // Only forget the backup if nothing was typed since this save left.
      if (backup && backup.text === box.value) { forget(key); }
    });
    var backup = readJSON(key);
    if (backup && backup.at > savedAt && backup.text !== box.value) {
      box.value = backup.text;
      if (status) { status.textContent = "Restored your unsaved notes; saving…"; }
      box.dispatchEvent(new Event("restored"));
    } else if (backup && backup.text === box.value) {
      forget(key);
    }
  }

  // --- Quick captures: empty the form once the server took it.
  function clearCapturesAfterSaving() {
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var form = event.detail.elt;
      if (form && form.classList && form.classList.contains("capture") && event.detail.successful) {
        form.reset();
        var first = form.querySelector("input");
        if (first) { first.focus(); }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var timer = document.getElementById("timer");
    if (timer) { startTimer(timer); }
    var notes = document.getElementById("notes-box");
    if (notes && notes.dataset.backupKey) { backUpNotes(notes); }
    clearCapturesAfterSaving();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
