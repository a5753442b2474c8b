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

  // --- Notes: the box edits its own note (by id) and saves as you type. Every keystroke is kept in
  // localStorage until the server confirms it holds that text; a failed save (server stopped, signed out,
  // too large) shows "Not saved" until a save succeeds, and retries. The server refuses to overwrite text
  // changed elsewhere (the version check); the page then shows both texts and lets the user choose.
  function notesBox(box) {
    var form = document.getElementById("notes-form");
    var status = document.getElementById("notes-status");
    var warningsBox = document.getElementById("notes-warnings");
    var conflictBox = document.getElementById("notes-conflict");
    var key = box.dataset.backupKey;
    var url = box.dataset.url;
    var maxBytes = Number(box.dataset.maxBytes || "0");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var state = {
      noteId: box.dataset.noteId || "",
      version: box.dataset.version || "",
      savedText: box.value,      // what the server holds, as far as this page knows
      inFlight: false, again: false, failures: 0, timer: null, backupTimer: null,
      conflict: null, tooLarge: false, noLocalCopy: false
    };

    function setStatus(text, unsaved) {
      status.textContent = text;
      status.classList.toggle("notes-unsaved", !!unsaved);
      status.dataset.state = unsaved ? "unsaved" : "saved";
    }
    function syncForm() {
      form.querySelector("input[name=note_id]").value = state.noteId;
      form.querySelector("input[name=version]").value = state.version;
    }
    function backUp() {
      window.clearTimeout(state.backupTimer);
      state.backupTimer = null;
      if (box.value === state.savedText && !state.conflict) { forget(key); return; }
      var copy = { text: box.value, noteId: state.noteId, version: state.version, at: Date.now() };
      try {
        window.localStorage.setItem(key, JSON.stringify(copy));
        state.noLocalCopy = false;
      } catch (e) {
        state.noLocalCopy = true;  // over the browser's quota: the page itself still holds the text
      }
    }
    function unsavedNote(reason) {
      var text = "Not saved — " + reason;
      if (state.noLocalCopy) { text += " This text is too large to keep a copy in the browser: keep this page open."; }
      setStatus(text, true);
    }
    function delayFor(text) {
      // A long transcript is saved less often: each save sends the whole text.
      return 800 + Math.min(10000, Math.floor(text.length / 1000000) * 2000);
    }
    function schedule(ms) {
      window.clearTimeout(state.timer);
      state.timer = window.setTimeout(save, ms);
    }
    function retryLater(reason) {
      state.failures += 1;
      var seconds = Math.min(30, Math.pow(2, state.failures));
      unsavedNote(reason + " Retrying in " + seconds + " s; your text is kept here.");
      schedule(seconds * 1000);
    }
    function showWarnings(list) {
      warningsBox.textContent = "";
      (list || []).forEach(function (warning) {
        var line = document.createElement("span");
        line.className = "warning";
        line.textContent = warning;
        warningsBox.appendChild(line);
      });
    }
    function showConflict(mine, theirs, noteId, version) {
      state.conflict = { text: theirs, noteId: noteId, version: version };
      document.getElementById("conflict-mine").value = mine;
      document.getElementById("conflict-theirs").value = theirs;
      conflictBox.hidden = false;
      backUp();
      unsavedNote("this note was changed elsewhere. Choose which text to keep below.");
    }
    function resolve(text) {
      state.noteId = state.conflict.noteId === null ? "" : String(state.conflict.noteId);
      state.version = state.conflict.version;
      state.savedText = state.conflict.text;
      state.conflict = null;
      conflictBox.hidden = true;
      syncForm();
      box.value = text;
      backUp();
      save();
    }
    document.getElementById("conflict-keep-mine").addEventListener("click", function () {
      resolve(box.value);
    });
    document.getElementById("conflict-keep-theirs").addEventListener("click", function () {
      resolve(state.conflict.text);
    });
    document.getElementById("conflict-keep-both").addEventListener("click", function () {
      resolve(state.conflict.text + "\n\n" + box.value);
    });

    function save() {
      window.clearTimeout(state.timer);
      state.timer = null;
      if (state.conflict) { return; }
      if (state.inFlight) { state.again = true; return; }
      var text = box.value;
      if (text === state.savedText && state.failures === 0 && !state.tooLarge) {
        if (status.dataset.state === "unsaved") { setStatus("Saved", false); }
        forget(key);
        return;
      }
      var size = new Blob([text]).size;
      if (maxBytes && size > maxBytes) {
        state.tooLarge = true;
        backUp();
        unsavedNote("these notes are " + (size / 1000000).toFixed(1) + " MB, more than live mode saves at once (" +
          (maxBytes / 1000000).toFixed(1) + " MB). Move part of them to a file: coffeechat note PERSON --file FILE.");
        return;
      }
      state.inFlight = true;
      if (status.dataset.state !== "unsaved") { setStatus("Saving…", false); }
      window.fetch(url, {
        method: "POST", body: text, credentials: "same-origin", redirect: "manual",
        headers: { "Content-Type": "text/plain; charset=utf-8", "Accept": "application/json",
                   "X-CSRFToken": csrf, "X-Note-Id": state.noteId, "X-Note-Version": state.version }
      }).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 0) {
          return { failed: "you are signed out (open a new link with `coffeechat login-link`)." };
        }
        if (response.status === 403) {
          return { failed: "the server refused this page (signed out or the page is too old: reload it; your text is kept)." };
        }
        return response.json().then(function (data) { return { status: response.status, data: data }; },
          function () { return { failed: "the server answered " + response.status + "." }; });
      }, function () {
        return { failed: "the server cannot be reached." };
      }).then(function (answer) {
        state.inFlight = false;
        var data = answer.data || {};
        if (answer.failed) {
          retryLater(answer.failed);
        } else if (data.status === "saved") {
          state.failures = 0;
          state.tooLarge = false;
          state.noteId = data.note_id === null ? "" : String(data.note_id);
          state.version = data.version || "";
          state.savedText = text;
          syncForm();
          setStatus(data.message, false);
          showWarnings(data.warnings);
          if (box.value === text) { forget(key); }
        } else if (data.status === "conflict") {
          state.failures = 0;
          showConflict(text === box.value ? text : box.value, data.server_text, data.note_id, data.version);
        } else if (data.status === "too_large") {
          state.tooLarge = true;
          unsavedNote(data.message.replace(/^Not saved: /, ""));
        } else {
          retryLater(data.message ? data.message.replace(/^Not saved: /, "") : "the server answered " + answer.status + ".");
        }
        if (state.again) { state.again = false; schedule(0); }
      });
    }

    box.addEventListener("input", function () {
      state.tooLarge = false;
      if (state.backupTimer === null) { state.backupTimer = window.setTimeout(backUp, 300); }
      if (state.failures === 0) { schedule(delayFor(box.value)); }
    });
    form.addEventListener("submit", function (event) {
      // "Save now" never leaves the page: the text stays in the box whatever the answer.
      event.preventDefault();
      backUp();
      state.failures = state.failures ? 1 : 0;
      save();
    });
    window.addEventListener("online", function () { if (state.failures) { save(); } });
    window.addEventListener("pagehide", backUp);
    var backup = readJSON(key);
    if (backup && typeof backup.text === "string" && backup.text !== box.value) {
      var sameNote = String(backup.noteId || "") === state.noteId && (backup.version || "") === state.version;
      if (sameNote) {
        box.value = backup.text;
        unsavedNote("restored your unsaved notes from this browser; saving…");
        state.failures = 1;
        save();
      } else {
        // The note changed on the server after this copy was made: show both, never pick for the user.
        var mine = backup.text;
        var theirs = box.value;
        box.value = mine;
        showConflict(mine, theirs, state.noteId, state.version);
      }
    } else if (backup) {
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
    if (notes && notes.dataset.backupKey && window.fetch) { notesBox(notes); }
    clearCapturesAfterSaving();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
