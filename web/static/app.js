// claimdesk's only script. The pages work without it; it adds the running
// clocks, the live SLA board, copy buttons and the height of mail frames.
(function () {
  "use strict";

  // skew is the server's clock minus ours: deadlines are the server's.
  var skew = 0;
  function readSkew() {
    var el = document.querySelector("[data-server-now]");
    if (el) {
      var t = Date.parse(el.getAttribute("data-server-now"));
      if (!isNaN(t)) skew = t - Date.now();
    }
  }

  // businessWords is the board's clock in words, as the server words it
  // (web/business_clock.go): ms of business time left, overdue or not.
  function businessWords(ms, overdue) {
    function spell(m) {
      var h = Math.floor(m / 60), r = m % 60;
      if (h === 0) return r + " business min";
      var t = h + (h === 1 ? " business hour" : " business hours");
      return r ? t + " " + r + " min" : t;
    }
    if (!overdue) return spell(Math.ceil(ms / 60000)) + " left";
    var m = Math.ceil(-ms / 60000);
    return m > 0 ? "overdue " + spell(m) : "overdue now";
  }

  // businessTick runs a business clock (data-clock: business seconds left
  // at the server's time, and the open stretch): business time passes
  // only while the office is open. Once the office opens or closes, or the
  // deadline passes, the live board has the server word the clock anew;
  // another page counts on, its clock standing while the office is closed.
  var boardStale = null;
  function businessTick(el, due, now) {
    var run = el.getAttribute("data-clock").split(" ");
    var from = Date.parse(run[1]), to = Date.parse(run[2]);
    var then = Date.parse((el.closest("[data-server-now]") || el).getAttribute("data-server-now"));
    if (isNaN(then) || isNaN(from) || isNaN(to)) return;
    function clamp(t) { return Math.min(Math.max(t, from), to); }
    if (boardStale && ((now >= from) !== (then >= from) || (now >= to) !== (then >= to) || (now >= due) !== (then >= due))) {
      boardStale();
      return;
    }
    if (now < from) return; // closed: the deadline's time stands
    el.textContent = businessWords(Number(run[0]) * 1000 - (clamp(now) - clamp(then)), now >= due);
  }

  // tick runs every business clock and flags its row due soon or overdue.
  function tick() {
    var now = Date.now() + skew;
    var clocks = document.querySelectorAll("[data-due][data-clock]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) continue;
      var warn = Number(el.getAttribute("data-warn") || 600);
      var left = Math.round((due - now) / 1000);
      businessTick(el, due, now);
      // The row, or the board's link to the list that shows the first
      // row's clock.
      var row = el.closest("[data-ack-row], .board-jump a");
      if (row) {
        row.classList.toggle("state-overdue", left < 0);
        row.classList.toggle("state-due_soon", left >= 0 && left <= warn);
        row.classList.toggle("state-pending", left > warn);
      }
    }
  }

  // The live board: the server says when something changed, and the board
  // fetches its fragment again. Nothing is swapped while someone types in
  // it; the change waits until they leave the field.
  function live(board) {
    var status = document.querySelector(".live-status");
    // Without the script the board is as of its loading, and says nothing.
    if (status) status.hidden = false;
    function show(on, text) {
      document.documentElement.setAttribute("data-live", on ? "on" : "off");
      if (status) {
        status.classList.toggle("on", on);
        status.querySelector(".live-text").textContent = text;
      }
    }
    var busy = false, again = false, timer = 0;
    function typing() {
      var a = document.activeElement;
      return a && board.contains(a) && a.tagName === "INPUT" && a.value !== "";
    }
    function refresh() {
      timer = 0;
      if (busy) { again = true; return; }
      if (typing()) {
        board.addEventListener("focusout", schedule, { once: true });
        return;
      }
      busy = true;
      fetch(board.getAttribute("data-src"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) {
          if (r.redirected || !r.ok) throw new Error("board: " + r.status);
          return r.text();
        })
        .then(function (html) {
          // Rows picked for acknowledging stay picked, opened forms stay
          // open, and words written into a row's fields stay written: the
          // answer may have been asked for before they were typed.
          var picked = {}, open = {}, typed = {};
          Array.prototype.forEach.call(board.querySelectorAll("input.ack-pick:checked"), function (c) { picked[c.value] = true; });
          Array.prototype.forEach.call(board.querySelectorAll("details[open][id]"), function (d) { open[d.id] = true; });
          Array.prototype.forEach.call(board.querySelectorAll("[id] input[type=text][name]"), function (i) {
            if (i.value !== "") typed[fieldKey(i)] = i.value;
          });
          // The field being typed into keeps the focus: a coordinator
          // moving on to the next row's note is not thrown out of it.
          var active = document.activeElement, focused = "";
          if (active && board.contains(active) && active.name && active.closest("[id]")) focused = fieldKey(active);
          board.innerHTML = html;
          Array.prototype.forEach.call(board.querySelectorAll("input.ack-pick"), function (c) { c.checked = !!picked[c.value]; });
          Array.prototype.forEach.call(board.querySelectorAll("details[id]"), function (d) { d.open = !!open[d.id]; });
          Array.prototype.forEach.call(board.querySelectorAll("[id] input[type=text][name]"), function (i) {
            if (typed[fieldKey(i)] !== undefined) i.value = typed[fieldKey(i)];
          });
          if (focused) {
            Array.prototype.forEach.call(board.querySelectorAll("[id] input[name]"), function (i) {
              if (fieldKey(i) === focused) i.focus();
            });
          }
          readSkew();
          tick();
          board.setAttribute("data-refreshed", String(Date.now()));
          board.dispatchEvent(new CustomEvent("board-refreshed"));
        })
        .catch(function () {
          // Signed out, or the server is away: a full load sorts it out.
          show(false, "Offline — reload the page");
        })
        .then(function () {
          busy = false;
          if (again) { again = false; schedule(); }
        });
    }
    // fieldKey names a field by its row and its name, which a refresh keeps.
    function fieldKey(input) {
      return input.closest("[id]").id + "/" + input.name;
    }
    function schedule() {
      // Changes come in bursts (a message and its documents): one fetch.
      if (!timer) timer = setTimeout(refresh, 150);
    }
    boardStale = schedule;
    var es = new EventSource("/events");
    es.addEventListener("ready", function () {
      show(true, "Live");
      // What changed before the stream started (since the page was made,
      // or while it reconnected) was not announced.
      schedule();
    });
    es.addEventListener("change", schedule);
    es.addEventListener("error", function () {
      // A stream the browser gave up on (signed out, server gone) stays
      // closed; a dropped one reconnects by itself.
      show(false, es.readyState === EventSource.CLOSED ? "Offline — reload the page" : "Reconnecting…");
    });
  }

  // Forms marked data-inplace (the board's Acknowledge, its update notes)
  // post without leaving the page: the live board shows the message
  // answered once the reply is in the Sent folder, and drops a claim's
  // missing update once its note is saved. data-sending is what the
  // button says meanwhile.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute("data-inplace") || !window.fetch) return;
    e.preventDefault();
    var button = form.querySelector("button[type=submit]");
    var rows = form.id
      ? Array.prototype.map.call(document.querySelectorAll('input[form="' + form.id + '"]:checked'), function (c) { return c.closest("[data-ack-row]"); })
      : [form.closest("[data-ack-row], [data-inplace-row]")];
    if (button) button.disabled = true;
    fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin", redirect: "manual" })
      .then(function (r) {
        if (!r.ok && r.type !== "opaqueredirect") throw new Error("status " + r.status);
        rows.forEach(function (row) { if (row) row.classList.add("sending"); });
        if (button) button.textContent = form.getAttribute("data-sending") || "Sending…";
      })
      .catch(function () {
        if (button) {
          button.disabled = false;
          button.textContent = "Not sent: try again";
        }
      });
  });

  // Copy buttons copy their data-copy text.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-copy]");
    if (!b) return;
    var text = b.getAttribute("data-copy");
    var done = function () {
      var was = b.textContent;
      b.textContent = "Copied";
      setTimeout(function () { b.textContent = was; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
      return;
    }
    // Plain HTTP has no clipboard API: select the text for the person.
    var shown = b.parentNode.querySelector(".copy-text, input");
    if (shown) {
      var folded = shown.closest("details");
      if (folded) folded.open = true;
      if (shown.select) {
        shown.focus();
        shown.select();
      } else {
        var range = document.createRange();
        range.selectNodeContents(shown);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      }
      try { if (document.execCommand("copy")) done(); } catch (err) { /* selected at least */ }
    }
  });

  // Mail frames take the height of the mail, so the page scrolls, not the
  // frame (the frame is same-origin, sandboxed without scripts).
  function fit(frame) {
    try {
      var doc = frame.contentDocument;
      if (doc && doc.body && doc.location.href !== "about:blank") {
        // The body's own height: the document's is at least the frame's.
        var h = Math.ceil(doc.body.getBoundingClientRect().height);
        frame.style.height = Math.max(80, Math.min(h + 2, 20000)) + "px";
      }
    } catch (err) { /* keep the CSS height */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    readSkew();
    tick();
    setInterval(tick, 1000);
    var board = document.getElementById("live");
    if (board && window.EventSource) live(board);
    var frames = document.querySelectorAll("iframe.mail-body");
    for (var i = 0; i < frames.length; i++) {
      (function (f) {
        f.addEventListener("load", function () { fit(f); });
        if (f.contentDocument && f.contentDocument.readyState === "complete") fit(f);
      })(frames[i]);
    }
  });
})();

// Print buttons (the morning page) print the page: the script, not an
// inline handler, so the page keeps its strict script policy.
document.addEventListener("click", function (e) {
  var b = e.target.closest && e.target.closest("[data-print]");
  if (b) window.print();
});

// Browser notifications, for a coordinator whose board is out of sight (a
// tab in the background, another window): opted into with the board's
// button, which alone asks the browser's permission. The live board's
// refreshes tell of new requests and of the office's mail that did not
// arrive; its clocks, of messages nearing their deadline. Nothing leaves
// the browser: no push service.
(function () {
  "use strict";
  var KEY = "claimdesk-notify";
  function on() {
    return window.Notification && Notification.permission === "granted" && localStorage.getItem(KEY) === "on";
  }
  // notify shows one notification per tag, once per page load.
  var told = {};
  function notify(tag, title, body, href) {
    if (!on() || told[tag]) return;
    told[tag] = true;
    var n = new Notification(title, { body: body, tag: tag });
    if (href) n.onclick = function () { window.focus(); location.href = href; };
  }
  function text(el, sel) {
    var e = el.querySelector(sel);
    return e ? e.textContent.replace(/\s+/g, " ").trim() : "";
  }
  // Rows shown when the page was made, or when notifications were turned
  // on, are not new.
  var known = {};
  function rows(board) {
    return board.querySelectorAll(".requests li[id^='request-'], .undelivered li[id^='undelivered-']");
  }
  function remember(board) {
    Array.prototype.forEach.call(rows(board), function (li) { known[li.id] = true; });
  }
  function newRows(board) {
    Array.prototype.forEach.call(rows(board), function (li) {
      if (known[li.id]) return;
      known[li.id] = true;
      if (li.id.indexOf("undelivered-") === 0) {
        // "to ann@carrier.example": who the office's mail did not reach.
        var sent = li.querySelector(".row-what a[href^='/messages/']") || {};
        var to = text(li, ".returned-address .address");
        notify(li.id, "Not delivered: " + (sent.textContent || "").trim(), to ? "to " + to : "", sent.href);
        return;
      }
      // "Drying log, from ann@carrier.example": what was asked, by whom.
      var job = text(li, ".row-what strong"), all = text(li, ".row-what"), meta = text(li, ".row-what .meta");
      var asked = all.slice(job.length, all.length - meta.length).trim();
      notify(li.id, "New request: " + job, asked + ", from " + text(li, ".row-what .meta a"),
        (li.querySelector("a") || {}).href);
    });
  }
  function nearing(board) {
    Array.prototype.forEach.call(board.querySelectorAll("[data-ack-row]"), function (li) {
      var clock = li.querySelector(".countdown[data-due]");
      if (!clock) return;
      var left = Date.parse(clock.getAttribute("data-due")) - Date.now();
      if (left > Number(clock.getAttribute("data-warn") || 600) * 1000) return;
      notify(li.id, (left < 0 ? "Overdue: " : "Answer soon: ") + text(li, ".ack-subject"), text(li, ".ack-what .meta"),
        (li.querySelector(".ack-subject") || {}).href);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var board = document.getElementById("live"), button = document.querySelector("[data-notify]");
    if (!board || !button || !window.Notification) return;
    function label() {
      button.textContent = on() ? "Stop notifications" : "Notify me";
      button.setAttribute("aria-pressed", on() ? "true" : "false");
    }
    button.hidden = false;
    label();
    remember(board);
    button.addEventListener("click", function () {
      if (on()) {
        localStorage.setItem(KEY, "off");
        label();
        return;
      }
      Notification.requestPermission().then(function (p) {
        localStorage.setItem(KEY, p === "granted" ? "on" : "off");
        remember(board);
        label();
        nearing(board);
      });
    });
    board.addEventListener("board-refreshed", function () {
      newRows(board);
      nearing(board);
    });
    setInterval(function () { nearing(board); }, 15000);
  });

  // The office switcher shows the chosen office at once; without the
  // script its button does.
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-autosubmit]");
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i], button = form.querySelector("button");
      if (button) button.hidden = true;
      form.addEventListener("change", function (e) { e.currentTarget.submit(); });
    }
  });

  // Long sections (a claim's messages, documents, history) come open from
  // the server, for desktops and pages without the script; on a phone they
  // fold, counted in their summary, but for the one a link points into
  // and one that holds something still to do (an open request).
  function unfoldTarget() {
    var id = decodeURIComponent(location.hash.slice(1)), el = id && document.getElementById(id);
    for (var d = el && el.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
    // A board row a phone folds away opens its list's fold.
    var row = el && el.closest(".past-fold"), fold = row && row.parentElement.nextElementSibling;
    if (fold && fold.classList.contains("list-fold")) fold.open = true;
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (window.matchMedia("(max-width: 40rem)").matches) {
      var folds = document.querySelectorAll("details.fold[open]:not([data-phone-open])");
      for (var i = 0; i < folds.length; i++) folds[i].open = false;
    }
    unfoldTarget();
  });
  window.addEventListener("hashchange", unfoldTarget);
})();
