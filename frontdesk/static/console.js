// The advisor console (see docs/chat.md and docs/callbacks.md): the queue of waiting chats, the
// advisor's own chats, what is known about each contact, and the callbacks families asked for.
// Everything that came from a family or a member of staff is set with textContent (or as text
// nodes), never as HTML.
(function () {
  "use strict";

  const ACK_TIMEOUT_MS = 10000;
  const HEARTBEAT_MS = 30000;
  const WAIT_REFRESH_MS = 15000;
  const TYPING_IDLE_MS = 3000;      // we stop "typing" this long after the last key
  const FAMILY_TYPING_MS = 30000;   // hide the family's indicator if no word comes for this long
  const MAX_TEXT = 2000;
  const LONDON = "Europe/London";
  const ERRORS = {
    taken: "Another advisor has already accepted this chat.",
    limit: "You already have as many chats open as you can take. Close one first.",
    not_found: "That chat is no longer there.",
    too_fast: "You are sending messages too quickly. Wait a moment and try again.",
    timeout: "The front desk did not answer. Check the connection and try again.",
    offline: "You are not connected to the front desk. Wait until it says Connected, then try again.",
  };

  const $ = (id) => document.getElementById(id);
  const root = $("console");
  const consoleUrl = root.dataset.consoleUrl || "/console/";
  const baseTitle = document.title;

  const state = {
    me: null,
    presence: null,
    limit: null,
    services: [],
    outcomes: [],
    canned: [],
    queue: [],
    queueKnown: null,   // ids seen in the last queue, to announce new arrivals (null until the first)
    panes: new Map(),   // chat id -> pane
    order: [],          // chat ids in tab order
    selected: null,
    reload: false,      // after a reconnect, fetch every open chat again
  };
  let paneCount = 0;

  // ---- small helpers -------------------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "hidden") node.hidden = true;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  function parseTime(iso) {
    if (!iso) return null;
    let text = String(iso);
    if (/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text)) text += "Z";  // no offset given: it is UTC
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms);
  }

  const clockFormat = new Intl.DateTimeFormat("en-GB", {timeZone: LONDON, hour: "2-digit", minute: "2-digit"});
  const dateFormat = new Intl.DateTimeFormat("en-GB", {timeZone: LONDON, day: "numeric", month: "short", year: "numeric"});

  function clock(iso) { const t = parseTime(iso); return t ? clockFormat.format(t) : ""; }
  function day(iso) { const t = parseTime(iso); return t ? dateFormat.format(t) : ""; }
  function dayAndClock(iso) { const t = parseTime(iso); return t ? dateFormat.format(t) + ", " + clockFormat.format(t) : ""; }

  function timeElement(iso, text) {
    return el("time", {datetime: iso || null, text: text});
  }

  function waitingText(iso) {
    const since = parseTime(iso);
    if (!since) return "waiting";
    const minutes = Math.max(0, Math.floor((Date.now() - since.getTime()) / 60000));
    if (minutes < 1) return "waiting less than a minute";
    if (minutes < 60) return "waiting " + minutes + " min";
    return "waiting " + Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
  }

  function capital(text) {
    const t = String(text || "");
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  function sentence(text) {
    const t = String(text || "").trim();
    if (!t) return "";
    const first = t.charAt(0).toUpperCase() + t.slice(1);
    return /[.!?]$/.test(first) ? first : first + ".";
  }

  function errorText(error) {
    if (!error) return "Something went wrong. Try again.";
    if (error.code === "timeout" || error.code === "offline") return ERRORS[error.code];
    return sentence(error.message) || ERRORS[error.code] || "Something went wrong. Try again.";
  }

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function topicOf(chat) { return chat.topic_label || chat.topic || "topic not given"; }
  function areaOf(chat) { return chat.area || "unknown area"; }
  function familyOf(chat) { return chat.family_name || "the family"; }
  function titleOf(chat) { return chat.family_name || "Family in " + areaOf(chat); }
  function serviceName(id) {
    const found = state.services.find((s) => s.id === id);
    return found ? found.name : id;
  }
  function outcomeLabel(code) {
    const found = state.outcomes.find((o) => o.code === code);
    return found ? found.label : String(code || "").replace(/_/g, " ");
  }
  function isSupervisor() { return !!state.me && state.me.role !== "advisor"; }

  // ---- announcements and problems -------------------------------------------------------------

  let announceTimer = null;
  function announce(text) {
    const region = $("announce");
    region.textContent = "";
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => { region.textContent = text; }, 60);
  }

  function showProblem(text) {
    $("problem-text").textContent = text;
    $("problem").hidden = false;
  }
  function clearProblem() {
    $("problem").hidden = true;
    $("problem-text").textContent = "";
  }
  $("problem-dismiss").addEventListener("click", clearProblem);

  // ---- the connection --------------------------------------------------------------------------

  // WebSocket first, long-polling as the fallback (docs/deploy.md).
  const socket = io("/console", {transports: ["websocket", "polling"], tryAllTransports: true});

  function ask(event, data) {
    // Nothing is queued while the connection is down: the person is told at once and tries again.
    if (!socket.connected) return Promise.resolve({ok: false, error: {code: "offline"}});
    return new Promise((resolve) => {
      socket.timeout(ACK_TIMEOUT_MS).emit(event, data, (err, answer) => {
        if (err) resolve({ok: false, error: {code: "timeout"}});
        else resolve(answer || {ok: false, error: {code: "unknown"}});
      });
    });
  }

  function setConnection(text, stateName) {
    const box = $("connection");
    box.dataset.state = stateName;
    box.textContent = text;
  }

  socket.on("connect", () => {
    setConnection("Connected", "connected");
    for (const pane of state.panes.values()) if (pane.viewing) loadPane(pane);
  });
  socket.on("disconnect", (reason) => {
    state.reload = true;
    if (reason === "io server disconnect") {
      // The server ends a connection whose account changed (signed out, switched off, new role):
      // connect again, which rejoins the right queues or says to sign in.
      setConnection("Reconnecting…", "reconnecting");
      socket.connect();
    } else {
      setConnection("Reconnecting…", "reconnecting");
    }
  });
  socket.on("connect_error", (err) => {
    if (socket.active) {
      setConnection("Reconnecting…", "reconnecting");
      return;
    }
    setConnection("Not connected: " + sentence(err && err.message ? err.message : "refused")
      + " Sign in again, then reload the page.", "down");
  });
  // Failed events are answered in their acks (handled where they were sent); an error without
  // `event` is about the connection itself.
  socket.on("error", (error) => { if (!(error && error.event)) showProblem(errorText(error)); });

  setInterval(() => { if (socket.connected) socket.emit("heartbeat", {}, () => {}); }, HEARTBEAT_MS);

  // ---- who is signed in, presence, load ---------------------------------------------------------

  socket.on("hello", (data) => {
    state.me = data.user || null;
    state.presence = presenceOf(data.presence);
    state.limit = data.limit === undefined ? null : data.limit;
    state.services = data.services || [];
    state.outcomes = data.outcomes || [];
    state.canned = data.canned || [];
    if (state.me) {
      $("who").textContent = state.me.name + " — " + state.me.role + ", "
        + (state.me.service_name || (isSupervisor() ? "all services" : "no service"));
    }
    $("presence").disabled = false;
    showPresence();
    showLoad();
    for (const pane of state.panes.values()) fillChoices(pane);
    if (state.queue.length) renderQueue(state.queue);
    showMyPhone();
    renderCallbacks();
  });

  function presenceOf(value) {
    if (!value) return null;
    return typeof value === "string" ? value : value.status || null;
  }

  function showPresence() {
    document.querySelectorAll('input[name="presence"]').forEach((radio) => {
      radio.checked = radio.value === state.presence;
    });
  }

  document.querySelectorAll('input[name="presence"]').forEach((radio) => {
    radio.addEventListener("change", async () => {
      if (!radio.checked) return;
      clearProblem();
      const answer = await ask("presence", {status: radio.value});
      if (answer.ok) {
        state.presence = presenceOf(answer.presence) || radio.value;
        announce(state.presence === "available" ? "You are available for chats." : "You are away.");
      } else {
        showProblem(errorText(answer.error));
      }
      showPresence();
    });
  });

  function myChatCount() {
    let count = 0;
    for (const pane of state.panes.values()) if (!pane.viewing) count += 1;
    return count;
  }

  function showLoad() {
    const count = myChatCount();
    $("load").textContent = state.limit ? count + " of " + state.limit + " chats"
      : count + (count === 1 ? " chat" : " chats");
  }

  // ---- the queue --------------------------------------------------------------------------------

  const queueItems = new Map();  // chat id -> {li, body, accept, view}

  socket.on("queue", (data) => renderQueue((data && data.waiting) || []));

  function renderQueue(waiting) {
    state.queue = waiting;
    const list = $("queue-list");
    const ids = new Set(waiting.map((item) => item.id));

    for (const [id, entry] of queueItems) {
      if (ids.has(id)) continue;
      const hadFocus = entry.li.contains(document.activeElement);
      entry.li.remove();
      queueItems.delete(id);
      if (hadFocus) focusQueueAfterRemoval();
    }

    waiting.forEach((item, index) => {
      let entry = queueItems.get(item.id);
      if (!entry) {
        entry = makeQueueItem(item.id);
        queueItems.set(item.id, entry);
      }
      fillQueueItem(entry, item);
      if (list.children[index] !== entry.li) list.insertBefore(entry.li, list.children[index] || null);
    });

    $("queue-empty").hidden = waiting.length > 0;
    $("queue-count").textContent = waiting.length ? "(" + waiting.length + ")" : "";
    updateTitle();

    if (state.queueKnown !== null) {
      const arrived = waiting.filter((item) => !state.queueKnown.has(item.id));
      if (arrived.length === 1) {
        const item = arrived[0];
        announce((item.urgent ? "Urgent chat waiting: " : "New chat waiting: ") + areaOf(item) + ", " + topicOf(item) + ".");
      } else if (arrived.length > 1) {
        const urgent = arrived.some((item) => item.urgent);
        announce(arrived.length + " new chats waiting" + (urgent ? ", one or more urgent." : "."));
      }
    }
    state.queueKnown = ids;
  }

  function focusQueueAfterRemoval() {
    const next = $("queue-list").querySelector("button");
    (next || $("queue-heading")).focus();
  }

  function makeQueueItem(id) {
    const body = el("div", {className: "queue-body"});
    const accept = el("button", {type: "button", text: "Accept", onclick: () => acceptChat(id)});
    const view = el("button", {type: "button", className: "secondary", text: "View", onclick: () => viewChat(id)});
    const actions = el("div", {className: "queue-actions"}, accept, view);
    const li = el("li", {className: "queue-item"}, body, actions);
    return {li, body, accept, view};
  }

  function fillQueueItem(entry, item) {
    entry.li.classList.toggle("is-urgent", !!item.urgent);
    const parts = [];
    const heading = el("h3", {className: "queue-title"});
    if (item.urgent) heading.append(el("strong", {className: "tag tag-urgent", text: "Urgent"}), " ");
    if (item.video) heading.append(el("span", {className: "tag tag-video", text: "Video"}), " ");
    heading.append(areaOf(item).replace(/^./, (c) => c.toUpperCase()) + " · " + topicOf(item));
    parts.push(heading);
    const facts = el("p", {className: "queue-facts"});
    facts.append(el("span", {className: "queue-wait", "data-since": item.waiting_since || "", text: waitingText(item.waiting_since)}));
    if (item.service_name && (isSupervisor() || !state.me || item.service !== state.me.service)) {
      facts.append(" · for " + item.service_name);
    }
    parts.push(facts);
    if (item.transferred) {
      const from = item.transferred.from_name || item.transferred.from || "another service";
      parts.push(el("p", {className: "queue-transfer",
        text: "Transferred from " + from + (item.transferred.note ? ": " + item.transferred.note : "")}));
    }
    if (item.preview) parts.push(el("p", {className: "queue-preview", text: item.preview}));
    entry.body.replaceChildren(...parts);
    const what = areaOf(item) + ", " + topicOf(item) + (item.video ? ", video call" : "");
    entry.accept.setAttribute("aria-label", "Accept chat from " + what);
    entry.view.setAttribute("aria-label", "View chat from " + what);
    entry.view.hidden = !isSupervisor();
  }

  setInterval(() => {
    document.querySelectorAll(".queue-wait[data-since]").forEach((node) => {
      const text = waitingText(node.dataset.since);
      if (node.textContent !== text) node.textContent = text;
    });
  }, WAIT_REFRESH_MS);

  const busy = new Set();

  async function acceptChat(id) {
    if (busy.has("accept:" + id)) return;
    busy.add("accept:" + id);
    clearProblem();
    try {
      const answer = await ask("accept", {chat: id});
      if (!answer.ok) {
        showProblem(errorText(answer.error));
        return;
      }
      const pane = openPane(answer.chat, answer.messages || [], false);
      selectPane(pane.id);
      pane.textarea.focus();
      announce("You accepted the chat with " + familyOf(pane.chat) + ". It is open under My chats.");
      markRead(pane);
    } finally {
      busy.delete("accept:" + id);
    }
  }

  async function viewChat(id) {
    if (busy.has("view:" + id)) return;
    busy.add("view:" + id);
    clearProblem();
    try {
      const answer = await ask("open", {chat: id});
      if (!answer.ok) {
        showProblem(errorText(answer.error));
        return;
      }
      const existing = state.panes.get(id);
      const pane = openPane(answer.chat, answer.messages || [], existing ? existing.viewing : true);
      selectPane(pane.id);
      pane.tab.focus();
      announce("Viewing the chat with " + familyOf(pane.chat) + ". You have not accepted it.");
    } finally {
      busy.delete("view:" + id);
    }
  }

  // ---- my chats ---------------------------------------------------------------------------------

  socket.on("mine", (data) => {
    const chats = (data && data.chats) || [];
    const ids = new Set();
    const reload = state.reload;
    state.reload = false;
    for (const chat of chats) {
      ids.add(chat.id);
      let pane = state.panes.get(chat.id);
      if (!pane) {
        pane = openPane(chat, [], false);
        loadPane(pane);
      } else {
        if (pane.viewing) setViewing(pane, false);
        setDetails(pane, chat);
        if (reload) loadPane(pane);
      }
    }
    for (const pane of Array.from(state.panes.values())) {
      if (!pane.viewing && !ids.has(pane.id) && !pane.removing) removePane(pane, null);
    }
    if (!state.selected && state.order.length) selectPane(state.order[0]);
    showLoad();
  });

  socket.on("chat", (chat) => {
    const pane = state.panes.get(chat.id);
    if (pane) setDetails(pane, chat);
  });

  socket.on("message", (message) => {
    const pane = state.panes.get(message.chat);
    if (pane) receiveMessage(pane, message);
  });

  socket.on("typing", (data) => {
    const pane = state.panes.get(data.chat);
    if (pane) setFamilyTyping(pane, !!data.typing);
  });

  socket.on("read", (data) => {
    const pane = state.panes.get(data.chat);
    if (!pane) return;
    pane.familyReadUpto = Math.max(pane.familyReadUpto, Number(data.upto) || 0);
    updateReceipts(pane);
  });

  async function loadPane(pane) {
    const answer = await ask("open", {chat: pane.id});
    if (!state.panes.has(pane.id)) return;
    if (!answer.ok) {
      if (answer.error && answer.error.code === "not_found") removePane(pane, null);
      else showProblem(errorText(answer.error));
      return;
    }
    setDetails(pane, answer.chat);
    (answer.messages || []).forEach((message) => receiveMessage(pane, message, true));
    if (pane.id === state.selected) scrollToEnd(pane);
    markRead(pane);
  }

  function openPane(chat, messages, viewing) {
    let pane = state.panes.get(chat.id);
    if (!pane) {
      pane = buildPane(chat);
      state.panes.set(chat.id, pane);
      state.order.push(chat.id);
      $("chat-tabs").append(pane.tab);
      $("chat-panes").append(pane.panel);
      setViewing(pane, viewing);
    } else if (pane.viewing && !viewing) {
      setViewing(pane, false);
    }
    setDetails(pane, chat);
    messages.forEach((message) => receiveMessage(pane, message, true));
    scrollToEnd(pane);
    showChatsEmpty();
    showLoad();
    return pane;
  }

  function buildPane(chat) {
    paneCount += 1;
    const key = "c" + paneCount;
    const pane = {
      id: chat.id, key: key, chat: chat, viewing: false, removing: false,
      byId: new Map(), byClientId: new Map(), newestFamily: 0, readSent: 0, familyReadUpto: 0,
      unread: 0, urgentShown: false, endedShown: false, typingSent: false, typingTimer: null,
      familyTypingTimer: null,
    };

    pane.tabName = el("span", {className: "tab-name"});
    pane.tabFlags = el("span", {className: "tab-flags"});
    pane.tab = el("button", {
      type: "button", role: "tab", id: "tab-" + key, "aria-controls": "pane-" + key,
      "aria-selected": "false", tabindex: "-1", className: "tab",
      onclick: () => selectPane(pane.id),
      onkeydown: (event) => tabKeys(event, pane),
    }, pane.tabName, " ", pane.tabFlags);

    pane.heading = el("h3", {className: "pane-title", id: "title-" + key});
    pane.meta = el("p", {className: "pane-meta"});
    pane.urgentSlot = el("div", {className: "urgent-slot"});
    pane.notice = el("p", {className: "pane-notice", role: "status"});
    pane.log = el("div", {
      className: "log", role: "log", tabindex: "0", "aria-relevant": "additions",
      "aria-label": "Conversation",
    });
    pane.typing = el("p", {className: "typing", hidden: true, text: "The family is typing…"});

    // Viewing (supervisors): accept or stop viewing.
    pane.viewAccept = el("button", {type: "button", text: "Accept this chat", onclick: () => acceptChat(pane.id)});
    pane.viewStop = el("button", {type: "button", className: "secondary", text: "Stop viewing",
      onclick: () => removePane(pane, "You stopped viewing the chat.")});
    pane.viewBox = el("div", {className: "viewing", hidden: true},
      el("p", {text: "You are viewing this chat. You have not accepted it."}),
      el("div", {className: "button-row"}, pane.viewAccept, pane.viewStop));

    // The composer.
    const replyId = "reply-" + key;
    const hintId = "reply-hint-" + key;
    const replyErrorId = "reply-error-" + key;
    pane.replyLabel = el("label", {for: replyId});
    pane.replyError = el("p", {className: "field-error", id: replyErrorId, hidden: true});
    pane.textarea = el("textarea", {id: replyId, rows: "3", maxlength: String(MAX_TEXT),
      "aria-describedby": hintId, autocomplete: "off"});
    pane.textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey
          && !event.isComposing) {
        event.preventDefault();
        sendReply(pane);
      }
    });
    pane.textarea.addEventListener("input", () => typed(pane));
    pane.textarea.addEventListener("blur", () => stopTyping(pane));
    pane.composer = el("form", {className: "composer", novalidate: true,
      onsubmit: (event) => { event.preventDefault(); sendReply(pane); }},
      pane.replyLabel,
      el("p", {className: "hint", id: hintId, text: "Enter sends. Shift and Enter starts a new line."}),
      pane.replyError,
      el("div", {className: "composer-row"}, pane.textarea, el("button", {type: "submit", text: "Send"})));

    // Canned responses.
    const cannedId = "canned-" + key;
    pane.cannedSelect = el("select", {id: cannedId});
    pane.canned = el("div", {className: "canned"},
      el("label", {for: cannedId, text: "Canned responses"}),
      el("div", {className: "inline"}, pane.cannedSelect,
        el("button", {type: "button", className: "secondary", text: "Insert", onclick: () => insertCanned(pane)})));

    // Transfer.
    const toId = "transfer-to-" + key;
    const noteId = "transfer-note-" + key;
    const transferHeadingId = "transfer-heading-" + key;
    pane.transferTo = el("select", {id: toId, required: true});
    pane.transferToError = el("p", {className: "field-error", id: toId + "-error", hidden: true});
    pane.transferNote = el("textarea", {id: noteId, rows: "3", required: true, maxlength: "1000"});
    pane.transferNoteError = el("p", {className: "field-error", id: noteId + "-error", hidden: true});
    pane.transferForm = el("form", {className: "pane-form transfer", novalidate: true,
      "aria-labelledby": transferHeadingId, onsubmit: (event) => { event.preventDefault(); transferChat(pane); }},
      el("h4", {id: transferHeadingId, text: "Transfer this chat"}),
      el("div", {className: "field"}, el("label", {for: toId, text: "Transfer to"}), pane.transferToError, pane.transferTo),
      el("div", {className: "field"}, el("label", {for: noteId, text: "Note for the next advisor"}),
        pane.transferNoteError, pane.transferNote),
      el("button", {type: "submit", text: "Transfer"}));

    // Close.
    const outcomeId = "outcome-" + key;
    const closeNoteId = "close-note-" + key;
    const closeHeadingId = "close-heading-" + key;
    pane.outcome = el("select", {id: outcomeId, required: true});
    pane.outcomeError = el("p", {className: "field-error", id: outcomeId + "-error", hidden: true});
    pane.closeNote = el("textarea", {id: closeNoteId, rows: "2", maxlength: "1000"});
    pane.closeForm = el("form", {className: "pane-form close", novalidate: true,
      "aria-labelledby": closeHeadingId, onsubmit: (event) => { event.preventDefault(); closeChat(pane); }},
      el("h4", {id: closeHeadingId, text: "Close this chat"}),
      el("div", {className: "field"}, el("label", {for: outcomeId, text: "Outcome"}), pane.outcomeError, pane.outcome),
      el("div", {className: "field"}, el("label", {for: closeNoteId, text: "Closing note (optional)"}), pane.closeNote),
      el("button", {type: "submit", text: "Close chat"}));

    pane.forms = el("div", {className: "pane-forms"}, pane.transferForm, pane.closeForm);
    pane.transcript = el("a", {href: consoleUrl.replace(/\/?$/, "/") + "chats/" + encodeURIComponent(chat.id),
      text: "Transcript and handoff log", target: "_blank", rel: "noopener"});

    pane.panel = el("section", {className: "pane", role: "tabpanel", id: "pane-" + key,
      "aria-labelledby": "tab-" + key, hidden: true},
      el("div", {className: "pane-head"}, pane.heading, pane.meta),
      pane.urgentSlot, pane.notice, buildVideo(pane), pane.log, pane.typing, pane.viewBox,
      pane.composer, pane.canned, pane.forms,
      el("p", {className: "pane-link"}, pane.transcript, el("span", {className: "visually-hidden", text: " (opens in a new tab)"})));

    fillChoices(pane);
    return pane;
  }

  function fillSelect(select, prompt, options) {
    const kept = select.value;
    select.replaceChildren(el("option", {value: "", text: prompt}),
      ...options.map(([value, text]) => el("option", {value: value, text: text})));
    if (options.some(([value]) => value === kept)) select.value = kept;
  }

  function fillChoices(pane) {
    fillSelect(pane.cannedSelect, state.canned.length ? "Choose a response" : "No canned responses",
      state.canned.map((c, i) => [String(i), c.title]));
    fillSelect(pane.outcome, "Choose an outcome", state.outcomes.map((o) => [o.code, o.label]));
    fillSelect(pane.transferTo, "Choose a service",
      state.services.filter((s) => s.id !== pane.chat.service).map((s) => [s.id, s.name]));
  }

  function setViewing(pane, viewing) {
    pane.viewing = viewing;
    pane.panel.classList.toggle("is-viewing", viewing);
    showMode(pane);
    updateTab(pane);
    showLoad();
  }

  function isEnded(chat) {
    return chat.status === "ended" || !!chat.family_ended;
  }

  function showMode(pane) {
    const ended = isEnded(pane.chat);
    pane.viewBox.hidden = !pane.viewing;
    pane.viewAccept.hidden = pane.chat.status !== "waiting";
    pane.composer.hidden = pane.viewing || ended;
    pane.canned.hidden = pane.viewing || ended;
    pane.transferForm.hidden = pane.viewing || ended;
    pane.closeForm.hidden = pane.viewing;
    pane.forms.hidden = pane.viewing;
    if (ended) {
      pane.typing.hidden = true;
      stopTyping(pane);
    }
    showVideo(pane);
  }

  function setDetails(pane, chat) {
    const before = pane.chat;
    pane.chat = Object.assign({}, pane.chat, chat);
    const current = pane.chat;

    pane.heading.textContent = "Chat with " + familyOf(current);
    const meta = [current.area || "Area not known", topicOf(current)];
    if (current.service_name) meta.push(current.service_name);
    if (current.started_at) meta.push("started " + clock(current.started_at));
    pane.meta.textContent = meta.join(" · ");
    pane.log.setAttribute("aria-label", "Conversation with " + familyOf(current));
    pane.replyLabel.textContent = "Reply to " + familyOf(current);
    if (!before || before.service !== current.service) fillChoices(pane);

    if (current.urgent && !pane.urgentShown) {
      pane.urgentShown = true;
      pane.urgentSlot.append(el("div", {className: "urgent-banner", role: "alert"},
        el("strong", {text: "Urgent: risk words were used. Follow the safeguarding procedure."})));
      if (pane.id !== state.selected) announce("Urgent: risk words were used in the chat with " + familyOf(current) + ".");
    }

    if (isEnded(current) && !pane.endedShown && current.outcome == null) {
      pane.endedShown = true;
      pane.notice.textContent = "The family has ended the chat. Choose an outcome to close it.";
      pane.panel.classList.add("is-ended");
      if (pane.id !== state.selected) announce(capital(familyOf(current)) + " has ended the chat.");
    } else if (pane.viewing && current.status === "active" && current.advisor) {
      pane.notice.textContent = "Being answered by " + current.advisor.name + ".";
    } else if (pane.viewing && current.status === "waiting") {
      pane.notice.textContent = "Waiting in the queue for " + (current.service_name || "a service") + ".";
    }
    showMode(pane);
    updateTab(pane);
    if (pane.id === state.selected) renderContext(pane);

    // A chat closed elsewhere (an outcome recorded) is no longer ours to keep open.
    if (!pane.viewing && current.outcome != null && (!before || before.outcome == null)) {
      removePane(pane, "The chat with " + familyOf(current) + " was closed.");
    }
  }

  function updateTab(pane) {
    pane.tabName.textContent = titleOf(pane.chat);
    const flags = [];
    if (pane.chat.urgent) flags.push(el("span", {className: "tag tag-urgent", text: "Urgent"}));
    if (pane.chat.video) flags.push(el("span", {className: "tag tag-video", text: "Video"}));
    if (isEnded(pane.chat)) flags.push(el("span", {className: "tag tag-muted", text: "Ended"}));
    if (pane.viewing) flags.push(el("span", {className: "tag tag-muted", text: "Viewing"}));
    if (pane.unread) flags.push(el("span", {className: "tag tag-new", text: pane.unread + " new"}));
    pane.tabFlags.replaceChildren(...flags.flatMap((flag, i) => (i ? [" ", flag] : [flag])));
  }

  function showChatsEmpty() {
    const none = state.order.length === 0;
    $("no-chats").hidden = !none;
    $("chat-tabs").hidden = none;
  }

  function selectPane(id) {
    const pane = state.panes.get(id);
    if (!pane) return;
    state.selected = id;
    for (const other of state.panes.values()) {
      const chosen = other === pane;
      other.tab.setAttribute("aria-selected", chosen ? "true" : "false");
      other.tab.tabIndex = chosen ? 0 : -1;
      other.panel.hidden = !chosen;
    }
    pane.unread = 0;
    updateTab(pane);
    renderContext(pane);
    scrollToEnd(pane);
    markRead(pane);
  }

  function tabKeys(event, pane) {
    const index = state.order.indexOf(pane.id);
    let next = null;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = state.order[(index + 1) % state.order.length];
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = state.order[(index - 1 + state.order.length) % state.order.length];
    else if (event.key === "Home") next = state.order[0];
    else if (event.key === "End") next = state.order[state.order.length - 1];
    if (next === null || next === undefined) return;
    event.preventDefault();
    selectPane(next);
    state.panes.get(next).tab.focus();
  }

  function removePane(pane, message) {
    if (pane.removing) {
      if (message) announce(message);
      return;
    }
    pane.removing = true;
    leaveVideo(pane, false, false);  // closing (or losing) the chat ends its video
    const hadFocus = pane.panel.contains(document.activeElement) || pane.tab.contains(document.activeElement);
    stopTyping(pane);
    clearTimeout(pane.familyTypingTimer);
    const index = state.order.indexOf(pane.id);
    state.order.splice(index, 1);
    state.panes.delete(pane.id);
    pane.tab.remove();
    pane.panel.remove();
    if (state.selected === pane.id) {
      state.selected = null;
      const next = state.order[Math.min(index, state.order.length - 1)];
      if (next !== undefined) selectPane(next);
      else renderContext(null);
    }
    if (hadFocus) {
      const selected = state.selected && state.panes.get(state.selected);
      (selected ? selected.tab : $("chats-heading")).focus();
    }
    showChatsEmpty();
    showLoad();
    if (message) announce(message);
  }

  // ---- video (docs/video.md): the advisor and the family see each other; the text chat stays --------

  const VIDEO_STATUS = {
    connecting: "Connecting video…",
    connected: "Video connected",
    failed: "The video call could not connect. Leave the video and join again, or carry on typing.",
  };

  function buildVideo(pane) {
    const key = pane.key;
    const hintId = "video-hint-" + key;
    pane.videoOffer = el("button", {type: "button", className: "secondary", text: "Offer video",
      "aria-describedby": hintId, onclick: () => offerVideo(pane)});
    pane.videoJoin = el("button", {type: "button", text: "Join video", "aria-describedby": hintId,
      onclick: () => joinVideo(pane)});
    pane.videoHint = el("p", {className: "hint", id: hintId});
    pane.videoProblem = el("p", {className: "field-error video-problem", role: "alert"});
    pane.remoteVideo = el("video", {className: "remote-video", "data-testid": "remote-video", playsinline: true, autoplay: true});
    pane.localVideo = el("video", {className: "local-video", "aria-label": "Your camera", playsinline: true, autoplay: true});
    pane.localVideo.muted = true;  // never play our own microphone back to us
    pane.videoStatus = el("p", {className: "video-status", role: "status", tabindex: "-1"});
    pane.cameraButton = el("button", {type: "button", className: "secondary", onclick: () => toggleTrack(pane, "video")});
    pane.micButton = el("button", {type: "button", className: "secondary", onclick: () => toggleTrack(pane, "audio")});
    pane.leaveButton = el("button", {type: "button", className: "danger-button", text: "Leave video",
      onclick: () => leaveVideo(pane, true, true)});
    pane.videoStage = el("div", {className: "video-stage", hidden: true},
      el("div", {className: "video-frames"}, pane.remoteVideo, pane.localVideo),
      pane.videoStatus,
      el("div", {className: "button-row"}, pane.cameraButton, pane.micButton, pane.leaveButton));
    pane.videoStart = el("div", {className: "video-start"},
      el("div", {className: "button-row"}, pane.videoOffer, pane.videoJoin), pane.videoHint);
    pane.video = el("div", {className: "video", hidden: true}, pane.videoStart, pane.videoProblem, pane.videoStage);
    // connection: the call's connection (FrontdeskVideo.startCall, video_call.js) while we are in it
    pane.call = {joined: false, joining: false, connection: null};
    showTrackButtons(pane);
    return pane.video;
  }

  function showVideo(pane) {
    if (!pane.video) return;
    const chat = pane.chat;
    const live = chat.status === "active" && !isEnded(chat) && !pane.viewing;
    if (!live && (pane.call.joined || pane.call.joining)) leaveVideo(pane, false, false);
    pane.video.hidden = !live;
    pane.videoStart.hidden = pane.call.joined;
    pane.videoStage.hidden = !pane.call.joined;
    pane.videoOffer.hidden = !!chat.video;
    pane.videoJoin.hidden = !chat.video;
    pane.videoHint.textContent = chat.video
      ? capital(familyOf(chat)) + " asked for video, or you offered it. You will both see and hear each other; the text chat stays open."
      : "Offer a video call if seeing each other would help. The family can join or carry on typing.";
    pane.remoteVideo.setAttribute("aria-label", "Video of " + familyOf(chat));
    pane.panel.classList.toggle("in-video", pane.call.joined);
  }

  async function offerVideo(pane) {
    if (busy.has("offer_video:" + pane.id)) return;
    busy.add("offer_video:" + pane.id);
    pane.videoProblem.textContent = "";
    try {
      const answer = await ask("offer_video", {chat: pane.id});
      if (!answer.ok) {
        pane.videoProblem.textContent = errorText(answer.error);
        return;
      }
      if (answer.chat) setDetails(pane, answer.chat);
      pane.videoJoin.focus();
      announce("Video offered to " + familyOf(pane.chat) + ".");
    } finally {
      busy.delete("offer_video:" + pane.id);
    }
  }

  function setVideoStatus(pane, text) {
    if (pane.videoStatus.textContent !== text) pane.videoStatus.textContent = text;
  }

  function showTrackButtons(pane) {
    const connection = pane.call.connection;
    const cameraOn = !connection || connection.isCameraOn();
    const micOn = !connection || connection.isMicrophoneOn();
    pane.cameraButton.textContent = cameraOn ? "Turn camera off" : "Turn camera on";
    pane.micButton.textContent = micOn ? "Mute microphone" : "Unmute microphone";
    pane.localVideo.classList.toggle("is-off", !cameraOn);
  }

  function toggleTrack(pane, kind) {
    const connection = pane.call.connection;
    if (!connection) return;
    if (kind === "video") connection.setCamera(!connection.isCameraOn());
    else connection.setMicrophone(!connection.isMicrophoneOn());
    showTrackButtons(pane);
  }

  function mediaProblem(error) {
    const name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return "The browser did not let the console use your camera and microphone. Allow them for this site, then press Join video again.";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") return "No camera and microphone were found on this computer.";
    if (name === "NotReadableError") return "Your camera or microphone is in use by another program. Close it, then press Join video again.";
    return "The video call could not start on this computer.";
  }

  function sendSignal(pane, signal) {
    if (socket.connected) socket.emit("video_signal", {chat: pane.id, signal: signal}, () => {});
  }

  async function joinVideo(pane) {
    const call = pane.call;
    if (call.joined || call.joining) return;
    pane.videoProblem.textContent = "";
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== "function" || !window.RTCPeerConnection) {
      pane.videoProblem.textContent = "This browser cannot make video calls here. Use a current browser over https.";
      return;
    }
    call.joining = true;
    pane.videoJoin.setAttribute("aria-disabled", "true");
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
    } catch (error) {
      call.joining = false;
      pane.videoJoin.removeAttribute("aria-disabled");
      pane.videoProblem.textContent = mediaProblem(error);
      return;
    }
    const answer = await ask("video_join", {chat: pane.id});
    call.joining = false;
    pane.videoJoin.removeAttribute("aria-disabled");
    if (!answer.ok || !answer.video || !state.panes.has(pane.id)) {
      for (const track of stream.getTracks()) track.stop();
      if (!answer.ok) pane.videoProblem.textContent = errorText(answer.error);
      return;
    }
    for (const other of state.panes.values()) {  // one call at a time
      if (other !== pane && other.call && other.call.joined) leaveVideo(other, true, false);
    }
    call.joined = true;
    call.connection = FrontdeskVideo.startCall({
      role: "advisor", join: answer.video, localStream: stream, localVideo: pane.localVideo, remoteVideo: pane.remoteVideo,
      sendSignal: (signal) => sendSignal(pane, signal),
      onStatus: (state) => setVideoStatus(pane, state === "left"
        ? capital(familyOf(pane.chat)) + " has left the video call." : VIDEO_STATUS[state]),
      onLeft: () => leaveVideo(pane, false, false),
      twilioUrl: "/static/vendor/twilio-video.min.js",
    });
    showTrackButtons(pane);
    showVideo(pane);
    pane.videoStatus.focus();
  }

  // Leave the call: `tell` sends "bye" to the family; `refocus` moves focus to "Join video".
  function leaveVideo(pane, tell, refocus) {
    const call = pane.call;
    if (!call) return;
    const connection = call.connection;
    call.connection = null;
    call.joined = false;
    if (connection) connection.leave(tell);
    setVideoStatus(pane, "");
    showTrackButtons(pane);
    showVideo(pane);
    if (refocus && !pane.video.hidden) pane.videoJoin.focus();
  }

  socket.on("video_signal", (data) => {
    const pane = data && state.panes.get(data.chat);
    if (pane && data.signal && pane.call && pane.call.connection) pane.call.connection.handleSignal(data.signal);
  });

  // ---- messages ---------------------------------------------------------------------------------

  function receiveMessage(pane, message, quiet) {
    const id = Number(message.id);
    if (message.id !== undefined && pane.byId.has(id)) return;
    const pending = message.client_id ? pane.byClientId.get(message.client_id) : null;
    if (pending && !pending.dataset.id) {
      settleMessage(pane, pending, message);
      return;
    }
    const item = messageElement(pane, message);
    insertMessage(pane, item, id);
    if (message.sender === "family") {
      if (id > pane.newestFamily) pane.newestFamily = id;
      setFamilyTyping(pane, false);
      if (!quiet) {
        if (pane.id !== state.selected || document.visibilityState !== "visible") {
          pane.unread += 1;
          updateTab(pane);
          if (pane.id !== state.selected) announce("New message from " + familyOf(pane.chat) + ".");
        }
        markRead(pane);
      }
    }
  }

  function messageElement(pane, message) {
    const sender = message.sender || "system";
    const item = el("div", {className: "msg msg-" + sender});
    if (message.client_id) {
      item.dataset.clientId = message.client_id;
      pane.byClientId.set(message.client_id, item);
    }
    const who = sender === "family" ? (message.name || pane.chat.family_name || "Family")
      : sender === "advisor" ? (message.name || "Advisor") : "Frontdesk";
    const meta = el("p", {className: "msg-meta"}, el("span", {className: "msg-who", text: who}), " ",
      timeElement(message.at, clock(message.at)));
    item.append(meta, el("p", {className: "msg-text", text: message.text || ""}));
    if (sender === "advisor") item.append(el("p", {className: "msg-state"}));
    if (message.id !== undefined && message.id !== null) {
      item.dataset.id = String(Number(message.id));
      pane.byId.set(Number(message.id), item);
    }
    if (sender === "advisor") setReceipt(pane, item);
    return item;
  }

  function insertMessage(pane, item, id) {
    const nearEnd = pane.log.scrollHeight - pane.log.scrollTop - pane.log.clientHeight < 60;
    let before = null;
    if (!Number.isNaN(id)) {
      for (const other of pane.log.children) {
        if (other.dataset.id && Number(other.dataset.id) > id) { before = other; break; }
        if (!other.dataset.id) { before = other; break; }  // unsent messages stay last
      }
    }
    pane.log.insertBefore(item, before);
    if (nearEnd) scrollToEnd(pane);
  }

  function settleMessage(pane, item, message) {
    item.dataset.id = String(Number(message.id));
    pane.byId.set(Number(message.id), item);
    item.classList.remove("is-failed");
    const when = item.querySelector("time");
    if (when && message.at) { when.dateTime = message.at; when.textContent = clock(message.at); }
    const retry = item.querySelector(".msg-retry");
    if (retry) retry.remove();
    setReceipt(pane, item);
  }

  function setReceipt(pane, item) {
    const box = item.querySelector(".msg-state");
    if (!box || item.classList.contains("is-failed")) return;
    const id = item.dataset.id ? Number(item.dataset.id) : null;
    const text = id === null ? "Sending…" : id <= pane.familyReadUpto ? "Read" : "Delivered";
    if (box.textContent !== text) box.textContent = text;
  }

  function updateReceipts(pane) {
    pane.log.querySelectorAll(".msg-advisor").forEach((item) => setReceipt(pane, item));
  }

  function scrollToEnd(pane) {
    pane.log.scrollTop = pane.log.scrollHeight;
  }

  function setFamilyTyping(pane, typing) {
    clearTimeout(pane.familyTypingTimer);
    pane.typing.hidden = !typing || isEnded(pane.chat);
    if (typing) pane.familyTypingTimer = setTimeout(() => { pane.typing.hidden = true; }, FAMILY_TYPING_MS);
  }

  function markRead(pane) {
    if (pane.viewing || pane.id !== state.selected || document.visibilityState !== "visible") return;
    if (!socket.connected || pane.newestFamily <= pane.readSent) return;
    pane.readSent = pane.newestFamily;
    socket.emit("read", {chat: pane.id, upto: pane.newestFamily}, () => {});
  }

  document.addEventListener("visibilitychange", () => {
    const pane = state.selected && state.panes.get(state.selected);
    if (pane && document.visibilityState === "visible") {
      pane.unread = 0;
      updateTab(pane);
      markRead(pane);
    }
  });

  // ---- writing ----------------------------------------------------------------------------------

  function typed(pane) {
    hideFieldError(pane.textarea, pane.replyError);
    if (!pane.textarea.value.trim()) { stopTyping(pane); return; }
    if (!pane.typingSent && socket.connected) {
      pane.typingSent = true;
      socket.emit("typing", {chat: pane.id, typing: true});
    }
    clearTimeout(pane.typingTimer);
    pane.typingTimer = setTimeout(() => stopTyping(pane), TYPING_IDLE_MS);
  }

  function stopTyping(pane) {
    clearTimeout(pane.typingTimer);
    if (pane.typingSent) {
      pane.typingSent = false;
      if (socket.connected) socket.emit("typing", {chat: pane.id, typing: false});
    }
  }

  async function sendReply(pane) {
    const text = pane.textarea.value.trim();
    if (!text) {
      showFieldError(pane.textarea, pane.replyError, "Write a reply first.");
      return;
    }
    if (text.length > MAX_TEXT) {
      showFieldError(pane.textarea, pane.replyError, "A reply can be at most 2,000 characters long.");
      return;
    }
    pane.textarea.value = "";
    stopTyping(pane);
    const message = {client_id: newClientId(), sender: "advisor", name: state.me ? firstName(state.me.name) : "You",
      text: text, at: new Date().toISOString()};
    const item = messageElement(pane, message);
    insertMessage(pane, item, NaN);
    scrollToEnd(pane);
    await deliver(pane, item, message);
  }

  function firstName(name) { return String(name || "").split(/\s+/)[0] || "You"; }

  async function deliver(pane, item, message) {
    const answer = await ask("send", {chat: pane.id, text: message.text, client_id: message.client_id});
    if (answer.ok && answer.message) {
      if (!item.dataset.id) settleMessage(pane, item, answer.message);
      return;
    }
    if (answer.ok) return;
    item.classList.add("is-failed");
    const box = item.querySelector(".msg-state");
    box.textContent = "Not sent: " + errorText(answer.error) + " ";
    box.append(el("button", {type: "button", className: "secondary msg-retry", text: "Try again",
      onclick: () => {
        item.classList.remove("is-failed");
        box.textContent = "Sending…";
        deliver(pane, item, message);
      }}));
  }

  function insertCanned(pane) {
    const choice = state.canned[Number(pane.cannedSelect.value)];
    if (pane.cannedSelect.value === "" || !choice) {
      pane.cannedSelect.focus();
      return;
    }
    const box = pane.textarea;
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? box.value.length;
    box.setRangeText(choice.text, start, end, "end");
    pane.cannedSelect.value = "";
    box.focus();
    typed(pane);
  }

  // ---- transfer and close -----------------------------------------------------------------------

  function showFieldError(control, box, text) {
    box.textContent = text;
    box.hidden = false;
    control.setAttribute("aria-invalid", "true");
    const described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes(box.id)) control.setAttribute("aria-describedby", [box.id, ...described].join(" "));
    control.focus();
  }

  function hideFieldError(control, box) {
    if (box.hidden) return;
    box.hidden = true;
    box.textContent = "";
    control.removeAttribute("aria-invalid");
    const described = (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== box.id);
    if (described.length) control.setAttribute("aria-describedby", described.join(" "));
    else control.removeAttribute("aria-describedby");
  }

  async function transferChat(pane) {
    hideFieldError(pane.transferTo, pane.transferToError);
    hideFieldError(pane.transferNote, pane.transferNoteError);
    const service = pane.transferTo.value;
    const note = pane.transferNote.value.trim();
    if (!note) showFieldError(pane.transferNote, pane.transferNoteError, "Write a note for the next advisor.");
    if (!service) showFieldError(pane.transferTo, pane.transferToError, "Choose the service to transfer the chat to.");
    if (!service || !note) return;
    if (busy.has("transfer:" + pane.id)) return;
    busy.add("transfer:" + pane.id);
    clearProblem();
    try {
      const answer = await ask("transfer", {chat: pane.id, service: service, note: note});
      if (!answer.ok) {
        showProblem(errorText(answer.error));
        return;
      }
      removePane(pane, "Chat transferred to " + (answer.service_name || serviceName(service)) + ".");
    } finally {
      busy.delete("transfer:" + pane.id);
    }
  }

  async function closeChat(pane) {
    hideFieldError(pane.outcome, pane.outcomeError);
    const outcome = pane.outcome.value;
    if (!outcome) {
      showFieldError(pane.outcome, pane.outcomeError, "Choose an outcome.");
      return;
    }
    if (busy.has("close:" + pane.id)) return;
    busy.add("close:" + pane.id);
    clearProblem();
    try {
      const data = {chat: pane.id, outcome: outcome};
      const note = pane.closeNote.value.trim();
      if (note) data.note = note;
      const answer = await ask("close", data);
      if (!answer.ok) {
        showProblem(errorText(answer.error));
        return;
      }
      removePane(pane, "Chat closed: " + outcomeLabel(outcome) + ".");
    } finally {
      busy.delete("close:" + pane.id);
    }
  }

  document.addEventListener("input", (event) => {
    for (const pane of state.panes.values()) {
      if (event.target === pane.outcome) hideFieldError(pane.outcome, pane.outcomeError);
      if (event.target === pane.transferTo) hideFieldError(pane.transferTo, pane.transferToError);
      if (event.target === pane.transferNote) hideFieldError(pane.transferNote, pane.transferNoteError);
    }
  });

  // ---- the context panel ------------------------------------------------------------------------

  function fact(list, label, value) {
    list.append(el("dt", {text: label}), el("dd", {}, value));
  }

  function renderContext(pane) {
    const box = $("context-body");
    if (!pane) {
      box.replaceChildren(el("p", {className: "empty",
        text: "Open a chat to see who it is from, how it was routed and their earlier contacts."}));
      return;
    }
    const chat = pane.chat;
    const parts = [el("h3", {text: chat.family_name || "Name not given"})];

    const facts = el("dl", {className: "facts"});
    fact(facts, "Area", chat.area || "Not known");
    fact(facts, "Topic", topicOf(chat));
    fact(facts, "Age", chat.age === null || chat.age === undefined || chat.age === "" ? "Not given" : String(chat.age));
    fact(facts, "Urgent", chat.urgent ? el("strong", {className: "tag tag-urgent", text: "Urgent: risk words were used"}) : "No");
    if (chat.service_name) fact(facts, "Service", chat.service_name);
    if (chat.started_at) fact(facts, "Started", timeElement(chat.started_at, dayAndClock(chat.started_at)));
    if (chat.advisor) fact(facts, "Advisor", chat.advisor.name);
    parts.push(facts);

    const decision = chat.decision;
    parts.push(el("h3", {text: "How it was routed"}));
    if (decision) {
      const rule = el("p", {}, "Rule ", el("code", {text: decision.rule || "?"}));
      if (decision.reason) rule.append(": " + decision.reason);
      parts.push(rule);
      if (decision.targets && decision.targets.length) {
        parts.push(el("p", {className: "small-heading", id: "targets-" + pane.key, text: "Targets, in order"}));
        parts.push(el("ol", {className: "targets", "aria-labelledby": "targets-" + pane.key},
          ...decision.targets.map((t) => el("li", {}, t.name || "", t.kind ? el("span", {className: "muted", text: " (" + String(t.kind).replace(/_/g, " ") + ")"}) : null))));
      }
    } else {
      parts.push(el("p", {text: "No routing decision recorded."}));
    }

    if (chat.transfers && chat.transfers.length) {
      parts.push(el("h3", {text: "Transfers"}));
      parts.push(el("ul", {className: "transfers"}, ...chat.transfers.map((t) => el("li", {},
        el("span", {text: "Transferred from " + (t.from || "another service") + (t.by ? " by " + t.by : "")
          + ": " + (t.note || "no note")}),
        t.at ? el("span", {className: "muted"}, " (", timeElement(t.at, dayAndClock(t.at)), ")") : null))));
    }

    parts.push(el("h3", {text: "Earlier contacts"}));
    if (chat.earlier && chat.earlier.length) {
      parts.push(el("ul", {className: "earlier"}, ...chat.earlier.map((e) => {
        const what = [e.channel, e.service_name, e.topic_label, e.outcome ? outcomeLabel(e.outcome) : null]
          .filter(Boolean).join(" · ");
        const item = el("li", {}, timeElement(e.at, day(e.at)), " · " + what);
        if (e.channel === "chat" && e.id) {
          item.append(" ", el("a", {href: consoleUrl.replace(/\/?$/, "/") + "chats/" + encodeURIComponent(e.id),
            text: "Transcript", "aria-label": "Transcript of the chat on " + day(e.at)}));
        }
        return item;
      })));
    } else {
      parts.push(el("p", {text: "No earlier contacts"}));
    }
    box.replaceChildren(...parts);
  }

  // ---- callbacks (docs/callbacks.md) ------------------------------------------------------------

  const CALLBACK_RECHECK_MS = 30000;  // a "later" request becomes due without any event: look again
  const REASONS = {closed: "Left when everyone was closed", no_answer: "Nobody could answer"};
  const MANUAL_OUTCOMES = [
    ["connected", "Spoke to the family"], ["no_answer", "No answer"], ["wrong_number", "Wrong number"],
    ["emailed", "Replied by email"], ["resolved", "Resolved another way"],
  ];
  const LAST_TRY = {
    connected: "spoke to the family", no_answer: "no answer", wrong_number: "wrong number",
    advisor_unreached: "the advisor's phone was not answered", emailed: "replied by email",
    resolved: "resolved another way", unreached: "not reached",
  };
  const CALLBACK_ERRORS = {
    taken: "Another advisor has this callback.",
    not_found: "That callback is no longer there.",
    not_claimed: "Claim this callback first.",
    not_configured: "Calls can't be placed from the console. Call the family from your own phone, then record how it went.",
    no_phone: "Add your own phone number first: Call back rings you, then the family.",
    invalid: "Check what you entered and try again.",
  };

  const callbacks = {
    due: [], later: [],
    known: null,        // ids in the last list, to announce new requests (null until the first)
    entries: new Map(), // callback id -> entry (its list item and controls)
    count: 0,
  };

  function callbackErrorText(error) {
    if (!error) return "Something went wrong. Try again.";
    if (error.code === "timeout" || error.code === "offline") return ERRORS[error.code];
    return sentence(error.message) || CALLBACK_ERRORS[error.code] || "Something went wrong. Try again.";
  }

  function channelOf(cb) {
    if (cb.channel === "chat") return "Chat message";
    return cb.recording ? "Voicemail" : "Phone call";
  }
  function callbackArea(cb) { return cb.area || "an unknown area"; }
  // For buttons' names: the area first, then enough to tell two requests from one place apart.
  function callbackWhat(cb) {
    return callbackArea(cb) + ", " + (cb.topic_label || "topic not given")
      + (cb.created_at ? ", left " + dayAndClock(cb.created_at) : "");
  }
  function isMine(cb) {
    return !!(cb.claimed_by && state.me && state.me.id !== undefined && cb.claimed_by.id === state.me.id);
  }
  function readyAt(cb) {
    const due = parseTime(cb.due_at);
    const next = parseTime(cb.next_try_at);
    if (!due) return next ? next.getTime() : null;
    return next ? Math.max(due.getTime(), next.getTime()) : due.getTime();
  }
  function byCreated(a, b) {
    const ta = parseTime(a.created_at), tb = parseTime(b.created_at);
    const diff = (ta ? ta.getTime() : 0) - (tb ? tb.getTime() : 0);
    return diff || (Number(a.id) - Number(b.id));
  }
  function byReady(a, b) { return (readyAt(a) || 0) - (readyAt(b) || 0) || byCreated(a, b); }
  function lastTry(cb) {
    if (cb.outcome === "advisor_unreached" && isMine(cb)) return "your phone was not answered";
    return LAST_TRY[cb.outcome] || String(cb.outcome || "").replace(/_/g, " ");
  }
  function seconds(n) { return n + (n === 1 ? " second" : " seconds"); }
  function safeUrl(url) {
    try {
      const parsed = new URL(String(url), window.location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  socket.on("callbacks", (data) => {
    callbacks.due = ((data && data.due) || []).slice();
    callbacks.later = ((data && data.later) || []).slice();
    renderCallbacks();
    if (callbacks.known !== null) {
      // Only requests that can be worked now are worth interrupting for.
      const arrived = callbacks.due.filter((cb) => !callbacks.known.has(cb.id));
      if (arrived.length === 1) {
        announce("New callback due: " + channelOf(arrived[0]).toLowerCase() + " from " + callbackArea(arrived[0]) + ".");
      } else if (arrived.length > 1) {
        announce(arrived.length + " new callbacks due.");
      }
    }
    callbacks.known = new Set(callbacks.due.concat(callbacks.later).map((cb) => cb.id));
  });

  // The latest word on one request (from an ack): put it where it now belongs.
  function updateCallback(cb) {
    if (!cb || cb.id === undefined) return;
    const wasDue = callbacks.due.some((other) => other.id === cb.id);
    callbacks.due = callbacks.due.filter((other) => other.id !== cb.id);
    callbacks.later = callbacks.later.filter((other) => other.id !== cb.id);
    if (cb.status !== "done") {
      // The server said which were due; only a new try set for later moves one back (this
      // computer's clock may differ from the server's).
      const ready = readyAt(cb);
      const later = ready !== null && ready > Date.now() && (!wasDue || !!cb.next_try_at);
      if (later) callbacks.later = callbacks.later.concat([cb]).sort(byReady);
      else callbacks.due = callbacks.due.concat([cb]).sort(byCreated);
    }
    renderCallbacks();
  }

  // Requests in "Later" whose time has come move to "Due now" (the server sends nothing then).
  function bringDueForward() {
    const now = Date.now();
    const ready = callbacks.later.filter((cb) => { const t = readyAt(cb); return t !== null && t <= now; });
    if (!ready.length) return false;
    callbacks.later = callbacks.later.filter((cb) => !ready.includes(cb));
    callbacks.due = callbacks.due.concat(ready).sort(byCreated);
    return true;
  }

  setInterval(() => { if (bringDueForward()) renderCallbacks(); }, CALLBACK_RECHECK_MS);

  function renderCallbacks() {
    bringDueForward();
    const seen = new Set();
    placeCallbacks($("due-list"), callbacks.due, seen);
    placeCallbacks($("later-list"), callbacks.later, seen);

    let focusAfter = null;  // {list, index} of a request that went while the focus was in it
    for (const [id, entry] of callbacks.entries) {
      if (seen.has(id)) continue;
      if (entry.li.contains(document.activeElement)) {
        focusAfter = {list: entry.li.parentNode, index: Array.prototype.indexOf.call(entry.li.parentNode.children, entry.li)};
      }
      const was = entry.cb;
      if (was && was.status === "calling" && was.claimed_by && state.me && was.claimed_by.id === state.me.id) {
        announce("Your call back to " + callbackArea(was) + " has ended. The callback is closed.");
      }
      if (entry.audio) entry.audio.pause();
      entry.li.remove();
      callbacks.entries.delete(id);
    }
    if (focusAfter) {
      const items = focusAfter.list.children;
      const next = items[Math.min(focusAfter.index, items.length - 1)];
      (next ? next.querySelector(".callback-title") : $("callbacks-heading")).focus();
    }

    const due = callbacks.due.length, later = callbacks.later.length;
    $("due-empty").hidden = due > 0;
    $("due-count").textContent = due ? "(" + due + ")" : "";
    $("later").hidden = later === 0;
    $("later-count").textContent = later ? "(" + later + ")" : "";
    $("callbacks-count").textContent = due ? "(" + due + " due)" : "";
    $("callbacks-link").textContent = due ? "Callbacks (" + due + " due)" : "Callbacks";
    updateTitle();
  }

  function placeCallbacks(list, items, seen) {
    items.forEach((cb, index) => {
      seen.add(cb.id);
      let entry = callbacks.entries.get(cb.id);
      if (!entry) {
        entry = makeCallback(cb.id);
        callbacks.entries.set(cb.id, entry);
      }
      fillCallback(entry, cb);
      if (list.children[index] !== entry.li) {
        // Moving a node drops the focus inside it: put it back.
        const focused = entry.li.contains(document.activeElement) ? document.activeElement : null;
        list.insertBefore(entry.li, list.children[index] || null);
        if (focused && document.activeElement !== focused) focused.focus();
      }
    });
  }

  function updateTitle() {
    const waiting = state.queue.length;
    const due = callbacks.due.length;
    const parts = [];
    if (due) {
      if (waiting) parts.push(waiting + " waiting");
      parts.push(due + (due === 1 ? " callback due" : " callbacks due"));
    } else if (waiting) {
      parts.push(String(waiting));
    }
    document.title = parts.length ? "(" + parts.join(", ") + ") " + baseTitle : baseTitle;
  }

  function makeCallback(id) {
    callbacks.count += 1;
    const key = "cb" + callbacks.count;
    const entry = {id: id, key: key, cb: null, noCalls: false, audio: null};

    entry.heading = el("h4", {className: "callback-title", id: key + "-title", tabindex: "-1"});
    entry.tags = el("p", {className: "callback-tags"});
    entry.facts = el("dl", {className: "facts callback-facts"});
    entry.player = el("div", {className: "callback-player"});
    entry.claim = el("p", {className: "callback-claim"});
    entry.calling = el("p", {className: "callback-calling", role: "status"});
    entry.hint = el("p", {className: "callback-hint", hidden: true});

    entry.claimButton = el("button", {type: "button", text: "Claim", onclick: () => claimCallback(id)});
    entry.callButton = el("button", {type: "button", text: "Call back", onclick: () => callBack(id)});
    entry.releaseButton = el("button", {type: "button", className: "secondary", text: "Release",
      onclick: () => releaseCallback(id)});
    // The full number is only for the advisor holding the request, and only when asked for.
    entry.numberButton = el("button", {type: "button", className: "secondary", text: "Show the number",
      onclick: () => showNumber(id)});
    entry.number = el("p", {className: "callback-number", hidden: true});
    entry.actions = el("div", {className: "button-row callback-actions"},
      entry.claimButton, entry.callButton, entry.numberButton, entry.releaseButton);

    const outcomeId = key + "-outcome";
    const noteId = key + "-note";
    const formHeadingId = key + "-record";
    entry.outcome = el("select", {id: outcomeId, required: true});
    entry.outcome.replaceChildren(el("option", {value: "", text: "Choose how it went"}),
      ...MANUAL_OUTCOMES.map(([value, text]) => el("option", {value: value, text: text})));
    entry.outcome.addEventListener("change", () => hideFieldError(entry.outcome, entry.outcomeError));
    entry.outcomeError = el("p", {className: "field-error", id: outcomeId + "-error", hidden: true});
    entry.note = el("textarea", {id: noteId, rows: "2", maxlength: "1000"});
    entry.saveButton = el("button", {type: "submit", text: "Save outcome"});
    entry.form = el("form", {className: "callback-form", novalidate: true, "aria-labelledby": formHeadingId,
      onsubmit: (event) => { event.preventDefault(); saveOutcome(id); }},
      el("h5", {id: formHeadingId, text: "Record the outcome"}),
      el("div", {className: "field"}, el("label", {for: outcomeId, text: "How it went"}), entry.outcomeError, entry.outcome),
      el("div", {className: "field"}, el("label", {for: noteId, text: "Note (optional)"}), entry.note),
      entry.saveButton);

    entry.li = el("li", {className: "callback"},
      el("div", {className: "callback-head"}, entry.heading, entry.tags),
      entry.facts, entry.player, entry.claim, entry.calling, entry.hint, entry.number, entry.actions, entry.form);
    return entry;
  }

  function fillCallback(entry, cb) {
    const before = entry.cb;
    entry.cb = cb;
    const mine = isMine(cb);
    const what = callbackWhat(cb);
    const area = cb.area ? capital(cb.area) : "Area not known";

    entry.li.classList.toggle("is-mine", mine && cb.status !== "open");
    entry.li.classList.toggle("is-held", !mine && cb.status !== "open");
    entry.heading.textContent = area + " · " + (cb.topic_label || "Topic not given");

    const tags = [el("span", {className: "tag tag-channel", text: channelOf(cb)})];
    if (cb.status === "calling") tags.push(el("span", {className: "tag tag-new", text: "Calling"}));
    else if (mine) tags.push(el("span", {className: "tag tag-new", text: "Yours"}));
    else if (cb.status === "claimed") tags.push(el("span", {className: "tag tag-muted", text: "Claimed"}));
    entry.tags.replaceChildren(...tags.flatMap((tag, i) => (i ? [" ", tag] : [tag])));

    const facts = el("dl", {className: "facts callback-facts"});
    fact(facts, "Why", REASONS[cb.reason] || capital(String(cb.reason || "not known").replace(/_/g, " ")));
    if (cb.created_at) fact(facts, "Left", timeElement(cb.created_at, dayAndClock(cb.created_at)));
    if (cb.due_at) fact(facts, "Due", timeElement(cb.due_at, dayAndClock(cb.due_at)));
    if (cb.service_name && (isSupervisor() || !state.me || cb.service !== state.me.service)) {
      fact(facts, "For", cb.service_name);
    }
    fact(facts, "Name", cb.name || "Not given");
    if (cb.phone) fact(facts, "Phone", cb.phone);
    if (cb.email) {
      fact(facts, "Email", el("a", {href: "mailto:" + encodeURIComponent(cb.email), text: cb.email}));
    }
    if (!cb.phone && !cb.email) fact(facts, "Contact", "No number or email address was left");
    const attempts = Number(cb.attempts) || 0;
    fact(facts, "Tries", attempts
      ? "Tried " + attempts + " of " + (cb.max_attempts || "?") + (attempts === 1 && cb.max_attempts === 1 ? " time" : " times")
      : "Not tried yet");
    if (cb.outcome) fact(facts, "Last try", capital(lastTry(cb)));
    if (cb.next_try_at) fact(facts, "Next try", timeElement(cb.next_try_at, "from " + dayAndClock(cb.next_try_at)));
    if (cb.message) fact(facts, "Message", el("span", {className: "callback-message", text: cb.message}));
    entry.facts.replaceChildren(...facts.childNodes);

    // The player is kept between updates, so a list change never stops a voicemail being played.
    const url = cb.recording ? safeUrl(cb.recording.url) : null;
    if (url) {
      const duration = Number(cb.recording.duration_s);
      const label = "Voicemail from " + callbackArea(cb) + (Number.isFinite(duration) ? ", " + seconds(duration) : "");
      if (!entry.audio) {
        entry.audio = el("audio", {controls: true, preload: "none", src: url},
          el("a", {href: url, text: "Download the voicemail"}));
        entry.player.replaceChildren(entry.audio);
      } else if (entry.audio.getAttribute("src") !== url) {
        entry.audio.setAttribute("src", url);
        entry.audio.querySelector("a").setAttribute("href", url);
      }
      entry.audio.setAttribute("aria-label", label);
      entry.player.hidden = false;
    } else {
      if (entry.audio) entry.audio.pause();
      entry.audio = null;
      entry.player.replaceChildren();
      entry.player.hidden = true;
    }

    const holder = cb.claimed_by ? cb.claimed_by.name : "another advisor";
    let claim;
    if (cb.status === "open") claim = "No one has claimed this yet.";
    else if (mine) claim = "You have claimed this.";
    else if (cb.status === "calling") claim = "Claimed by " + holder + ", who is calling the family now.";
    else claim = "Claimed by " + holder + ".";
    entry.claim.textContent = claim;

    const calling = mine && cb.status === "calling" ? "Calling… your phone will ring first." : "";
    if (entry.calling.textContent !== calling) entry.calling.textContent = calling;
    if (before && before.status === "calling" && cb.status !== "calling" && before.claimed_by && state.me
        && before.claimed_by.id === state.me.id) {
      let result = "Your call back to " + callbackArea(cb) + " has ended";
      result += cb.outcome && cb.outcome !== before.outcome ? ": " + lastTry(cb) + "." : ".";
      if (cb.status === "open" && cb.next_try_at) result += " It goes back on the list for another try later.";
      announce(result);
    }

    const working = mine && cb.status === "claimed";
    // Holding it while a call is under way too: a call whose webhooks never came can still be finished.
    const holding = mine && (cb.status === "claimed" || cb.status === "calling");
    const canCall = working && !!cb.phone && cb.can_call !== false && !entry.noCalls;
    entry.claimButton.hidden = cb.status !== "open";
    entry.callButton.hidden = !canCall;
    entry.numberButton.hidden = !holding || !cb.phone || !!entry.number.textContent;
    entry.number.hidden = !holding || !entry.number.textContent;
    if (!holding) entry.number.replaceChildren();
    entry.releaseButton.hidden = !holding;
    entry.actions.hidden = cb.status !== "open" && !holding;
    entry.form.hidden = !holding;

    let hint = "";
    if (working && !canCall) {
      if (cb.phone) hint = "Calls can't be placed from the console. Call the family from your own phone, then record how it went.";
      else if (cb.email) hint = "No phone number was left. Reply by email, then record how it went.";
      else hint = "No phone number or email address was left. Record what you did.";
    }
    entry.hint.textContent = hint;
    entry.hint.hidden = !hint;

    entry.claimButton.setAttribute("aria-label", "Claim callback from " + what);
    entry.callButton.setAttribute("aria-label", "Call back the family from " + what);
    entry.releaseButton.setAttribute("aria-label", "Release callback from " + what);
    entry.numberButton.setAttribute("aria-label", "Show the number of the family from " + what);
    entry.saveButton.setAttribute("aria-label", "Save outcome for the callback from " + what);
  }

  // One press on a callback: once at a time, the server's error shown, its answer put in place.
  // `then` gets the server's answer when it went through.
  async function onCallback(id, event, data, then) {
    const key = "cb-" + event + ":" + id;
    if (busy.has(key)) return;
    busy.add(key);
    clearProblem();
    try {
      const answer = await ask(event, {callback: id, ...data});
      if (!answer.ok) {
        showProblem(callbackErrorText(answer.error));
        return;
      }
      if (answer.callback) updateCallback(answer.callback);
      then(answer);
    } finally {
      busy.delete(key);
    }
  }

  function claimCallback(id) {
    return onCallback(id, "claim_callback", {}, () => {
      const entry = callbacks.entries.get(id);
      if (!entry) return;
      (!entry.callButton.hidden ? entry.callButton : !entry.form.hidden ? entry.outcome : entry.heading).focus();
      announce("You have claimed the callback from " + callbackArea(entry.cb) + ".");
    });
  }

  function showNumber(id) {
    return onCallback(id, "callback_number", {}, (answer) => {
      const entry = callbacks.entries.get(id);
      if (!entry) return;
      const link = el("a", {href: "tel:" + answer.number.replace(/\s+/g, ""), text: answer.number});
      entry.number.replaceChildren("Number to call: ", link);
      entry.number.hidden = false;
      entry.numberButton.hidden = true;
      link.focus();
    });
  }

  function releaseCallback(id) {
    return onCallback(id, "release_callback", {}, () => {
      const entry = callbacks.entries.get(id);
      if (!entry) return;
      (entry.claimButton.hidden ? entry.heading : entry.claimButton).focus();
      announce("You released the callback from " + callbackArea(entry.cb) + ". Another advisor can claim it now.");
    });
  }

  async function callBack(id) {
    const key = "cb-call:" + id;
    if (busy.has(key)) return;
    busy.add(key);
    clearProblem();
    try {
      const answer = await ask("call_back", {callback: id});
      const entry = callbacks.entries.get(id);
      if (!answer.ok) {
        const code = answer.error && answer.error.code;
        showProblem(callbackErrorText(answer.error));
        if (code === "no_phone") {
          $("my-phone-input").focus();
        } else if (entry && (code === "not_configured" || code === "no_family_phone")) {
          entry.noCalls = true;  // the manual form stays: call from your own phone, record how it went
          fillCallback(entry, entry.cb);
          entry.outcome.focus();
        }
        return;
      }
      updateCallback(answer.callback);
      const after = callbacks.entries.get(id);
      if (after && entry && entry.callButton.hidden) after.heading.focus();
    } finally {
      busy.delete(key);
    }
  }

  async function saveOutcome(id) {
    const entry = callbacks.entries.get(id);
    if (!entry) return;
    hideFieldError(entry.outcome, entry.outcomeError);
    const outcome = entry.outcome.value;
    if (!outcome) {
      showFieldError(entry.outcome, entry.outcomeError, "Choose how it went.");
      return;
    }
    const data = {outcome: outcome};
    const note = entry.note.value.trim();
    if (note) data.note = note;
    return onCallback(id, "callback_outcome", data, (answer) => {
      entry.outcome.value = "";
      entry.note.value = "";
      const label = (MANUAL_OUTCOMES.find(([code]) => code === outcome) || [outcome, outcome])[1];
      const cb = answer.callback;
      let next = "";
      if (cb && cb.status === "done") next = " The callback is closed.";
      else if (cb && cb.next_try_at) next = " It will be tried again from " + dayAndClock(cb.next_try_at) + ".";
      const after = callbacks.entries.get(id);
      if (after && after.li.isConnected && !after.li.contains(document.activeElement)) after.heading.focus();
      announce("Outcome saved: " + label + "." + next);
    });
  }

  // ---- the advisor's own phone -------------------------------------------------------------------

  function showMyPhone() {
    const input = $("my-phone-input");
    if (state.me && state.me.phone && !input.value && document.activeElement !== input) input.value = state.me.phone;
  }

  $("my-phone-input").addEventListener("input", () => {
    hideFieldError($("my-phone-input"), $("my-phone-error"));
    $("my-phone-saved").textContent = "";
  });

  $("my-phone").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("my-phone-input");
    const error = $("my-phone-error");
    hideFieldError(input, error);
    const phone = input.value.trim();
    if (!phone) {
      showFieldError(input, error, "Enter your phone number, like 07700 900123.");
      return;
    }
    if (busy.has("set-phone")) return;
    busy.add("set-phone");
    try {
      const answer = await ask("set_phone", {phone: phone});
      if (!answer.ok) {
        $("my-phone-saved").textContent = "";
        showFieldError(input, error, callbackErrorText(answer.error));
        return;
      }
      if (state.me) state.me.phone = answer.phone;
      if (answer.phone) input.value = answer.phone;
      $("my-phone-saved").textContent = "Saved: " + (answer.phone || phone) + ".";
    } finally {
      busy.delete("set-phone");
    }
  });
})();
