// The Frontdesk chat widget. A partner site embeds it with one tag (see docs/chat.md):
//   <script src="https://FRONTDESK/webchat/widget.js" data-site="SITE_KEY" defer></script>
// It draws a launcher and a chat panel inside a shadow root, so the partner's styles and ours never
// mix, and talks to the Frontdesk over Socket.IO (namespace /chat).
// Anything that came from the server or from the family is set as text, never as HTML.
(function () {
  "use strict";

  const script = document.currentScript;  // only available now, while the script first runs
  const site = script && script.dataset.site;
  if (!site) {
    console.error("Frontdesk chat: the <script> tag needs a data-site attribute with your site key.");
    return;
  }
  const origin = new URL(script.src, document.baseURI).origin;
  const storageKey = "frontdesk.chat." + site;
  const MAX_TEXT = 2000;
  const TYPING_IDLE_MS = 3000;
  const TYPING_REPEAT_MS = 5000;
  const ACK_TIMEOUT_MS = 20000;

  // ---------------------------------------------------------------- small helpers

  // h("p", {class: "x", onclick: f}, "text", child...): strings become text nodes, never HTML.
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return el;
  }

  function svgIcon(pathData) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", pathData);
    svg.append(path);
    return svg;
  }

  // localStorage can be switched off or full; the chat then lasts as long as the page
  function storage(key) {
    return {
      get() { try { return window.localStorage.getItem(key); } catch (err) { return null; } },
      set(value) { try { window.localStorage.setItem(key, value); } catch (err) { /* kept in memory */ } },
      clear() { try { window.localStorage.removeItem(key); } catch (err) { /* nothing kept */ } },
    };
  }
  const store = storage(storageKey);  // the conversation now
  // This browser's family token, kept across conversations so an advisor sees the family's earlier chats.
  const familyStore = storage("frontdesk.family." + site);

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    // randomUUID needs a secure context (https); partner pages on plain http get the same from random bytes
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // Times: the server sends ISO 8601 UTC; families see UK time.
  const clockFormat = new Intl.DateTimeFormat("en-GB", {timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
  const dayFormat = new Intl.DateTimeFormat("en-GB", {timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric"});
  const isoDayFormat = new Intl.DateTimeFormat("en-GB", {timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit"});

  function parseTime(at) {
    if (!at) return new Date();
    const text = String(at);
    const date = new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : text + "Z");  // a bare time is UTC
    return isNaN(date) ? new Date() : date;
  }
  const clockText = (at) => clockFormat.format(parseTime(at));
  function isoDay(date) {
    const parts = {};
    for (const part of isoDayFormat.formatToParts(date)) parts[part.type] = part.value;
    return `${parts.year}-${parts.month}-${parts.day}`;
  }

  function waitText(seconds) {
    if (seconds === null || seconds === undefined || !isFinite(seconds)) return "";
    if (seconds < 60) return "less than a minute";
    const minutes = Math.round(seconds / 60);
    if (minutes < 90) return minutes === 1 ? "about 1 minute" : `about ${minutes} minutes`;
    const hours = Math.round(minutes / 60);
    return hours === 1 ? "about an hour" : `about ${hours} hours`;
  }

  // Phone numbers in the emergency signposting become tel: links (and "text SHOUT to 85258" an sms: link).
  const NUMBERS = /\b(999|111|116 ?123|0[1-9]\d{2} ?\d{3} ?\d{4})\b|\btext (\w+) to (\d{5})\b/gi;
  function linkedText(text) {
    const nodes = [];
    let last = 0;
    for (const match of text.matchAll(NUMBERS)) {
      nodes.push(text.slice(last, match.index));
      if (match[1]) {
        nodes.push(h("a", {href: "tel:" + match[1].replace(/\s/g, "")}, match[1]));
      } else {
        nodes.push(`text ${match[2]} to `, h("a", {href: `sms:${match[3]}?&body=${encodeURIComponent(match[2])}`}, match[3]));
      }
      last = match.index + match[0].length;
    }
    nodes.push(text.slice(last));
    return nodes.filter((n) => n !== "");
  }

  // ---------------------------------------------------------------- state

  let token = store.get();
  let socket = null;
  const scriptLoading = new Map();  // the path of a script being loaded -> the promise of what it defines
  let conv = null;              // the conversation as the server last sent it
  let messages = [];            // server messages in id order, then our own still being sent
  let readUpto = 0;             // the advisor has read the family's messages up to this id
  let lastReadSent = 0;
  let refused = false;          // the server refused this site or origin
  let isOpen = false;
  let resuming = Boolean(token); // reopen the panel by itself if the chat is still going
  let everConnected = false;
  let serverKicks = 0;
  let familyName = "";
  let topics = null;

  // ---------------------------------------------------------------- the frame: launcher and panel

  const host = h("div", {"data-frontdesk-chat": site});
  const root = host.attachShadow({mode: "open"});
  const frame = h("div", {class: "fd", lang: "en-GB", hidden: true});
  const stylesheet = h("link", {rel: "stylesheet", href: origin + "/webchat/widget.css"});
  stylesheet.addEventListener("load", () => { frame.hidden = false; });
  stylesheet.addEventListener("error", () => { frame.hidden = false; });

  const launcher = h("button", {type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "fd-panel", onclick: togglePanel},
    svgIcon("M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"),
    h("span", {}, "Chat with an advisor"));
  const newPill = h("p", {class: "pill", role: "status"});  // "New message" while the panel is closed
  const title = h("h2", {class: "title", id: "fd-title", tabindex: "-1"}, "SEND advice helpline");
  const closeButton = h("button", {type: "button", class: "close", "aria-label": "Close chat", onclick: () => closePanel(true)},
    svgIcon("M6 6l12 12M18 6L6 18"), h("span", {class: "close-text"}, "Close"));
  const notice = h("p", {class: "notice", role: "status"});
  const body = h("div", {class: "body"});
  const panel = h("div", {class: "panel", id: "fd-panel", role: "dialog", "aria-label": "Chat with the SEND advice helpline", hidden: true},
    h("div", {class: "head"}, h("div", {}, title, h("p", {class: "subtitle"}, "Free, confidential advice for families")), closeButton),
    notice,
    body);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.isComposing) { event.preventDefault(); closePanel(true); }
  });
  frame.append(launcher, newPill, panel);
  root.append(stylesheet, frame);

  function togglePanel() { if (isOpen) closePanel(true); else openPanel(true); }

  function openPanel(moveFocus) {
    isOpen = true;
    panel.hidden = false;
    frame.classList.add("is-open");
    launcher.setAttribute("aria-expanded", "true");
    newPill.textContent = "";
    render();
    if (moveFocus) title.focus();
    if (!socket) connect();
    maybeSendRead();
  }

  function closePanel(returnFocus) {
    isOpen = false;
    panel.hidden = true;
    frame.classList.remove("is-open");
    launcher.setAttribute("aria-expanded", "false");
    if (returnFocus) launcher.focus();
  }

  function focusLost(container) {  // whether focus was on something inside `container`
    const active = root.activeElement;
    return Boolean(active && container.contains(active));
  }

  // Replace what `container` shows; if focus was inside what goes, move it to `focusTarget`.
  function swap(container, nodes, focusTarget) {
    const hadFocus = focusLost(container);
    container.replaceChildren(...[].concat(nodes));
    if (hadFocus && focusTarget && !focusLost(container)) focusTarget.focus();
  }

  function setNotice(text) { if (notice.textContent !== text) notice.textContent = text; }

  // ---------------------------------------------------------------- connection

  // Load one of the Frontdesk's scripts, once, only when it is needed (so that the partner's page gets
  // no globals it does not use), and resolve with the global it defines: `defined()` gives it.
  function loadScript(path, defined, what) {
    if (defined()) return Promise.resolve(defined());
    if (!scriptLoading.has(path)) {
      scriptLoading.set(path, new Promise((resolve, reject) => {
        const tag = document.createElement("script");
        tag.src = origin + path;
        tag.async = true;
        tag.addEventListener("load", () => (defined() ? resolve(defined()) : reject(new Error(what + " did not load"))));
        tag.addEventListener("error", () => { scriptLoading.delete(path); tag.remove(); reject(new Error(what + " did not load")); });
        document.head.append(tag);
      }));
    }
    return scriptLoading.get(path);
  }

  function loadSocketIo() {
    return loadScript("/static/vendor/socket.io.min.js", () => window.io, "socket.io-client");
  }

  async function connect() {
    if (socket) {
      if (!socket.connected && !socket.active) socket.connect();
      return socket;
    }
    let io;
    try {
      io = await loadSocketIo();
    } catch (err) {
      setNotice("The chat could not load. Please check your internet connection and reload the page.");
      throw err;
    }
    if (socket) return socket;
    // auth is a function so that every (re)connection sends the token we hold at that moment
    // WebSocket first: one connection, which any worker behind a proxy can hold without sticky
    // sessions; long-polling only where a WebSocket cannot be opened (docs/deploy.md).
    socket = io(origin + "/chat", {autoConnect: false, transports: ["websocket", "polling"], tryAllTransports: true,
                                   auth: (cb) => cb({site, token: token || null, family: familyStore.get()})});
    wire(socket);
    socket.connect();
    return socket;
  }

  function whenConnected(ms) {
    return connect().then((s) => new Promise((resolve, reject) => {
      if (s.connected) { resolve(s); return; }
      const timer = setTimeout(() => finish(new Error("timeout")), ms);
      function done() { finish(null); }
      function failed() { if (!s.active) finish(new Error("refused")); }
      function finish(err) {
        clearTimeout(timer);
        s.off("connect", done);
        s.off("connect_error", failed);
        if (err) reject(err); else resolve(s);
      }
      s.on("connect", done);
      s.on("connect_error", failed);
    }));
  }

  function wire(s) {
    s.on("connect", () => {
      everConnected = true;
      refused = false;
      setNotice("");
      for (const m of messages) if (m.sender === "family" && m.state === "sending") transmit(m);
      maybeSendRead();
    });
    s.on("disconnect", (reason) => {
      if (reason === "io client disconnect") return;
      setNotice("Reconnecting…");
      if (reason === "io server disconnect" && serverKicks < 3) {  // the server let go of us: try again, a few times
        serverKicks += 1;
        setTimeout(() => { if (!s.connected && !s.active) s.connect(); }, 1500 * serverKicks);
      }
    });
    s.on("connect_error", (err) => {
      if (s.active) {  // a dropped or slow network: socket.io tries again by itself
        if (everConnected || token) setNotice("Reconnecting…");
        return;
      }
      // The server refused the connection: a token it no longer knows, or a site or origin it does not allow.
      if (token) {
        forgetConversation();
        render();
        s.connect();  // once more, as a new visitor
        return;
      }
      console.warn("Frontdesk chat: the connection was refused:", err && err.message);
      refused = true;
      setNotice("");
      render();
    });
    s.on("conversation", (c) => { serverKicks = 0; setConversation(c); });
    s.on("video_signal", (data) => { if (data && data.signal && call.connection) call.connection.handleSignal(data.signal); });
    s.on("history", onHistory);
    s.on("message", (m) => {
      const isNew = addServerMessage(m);
      syncLog(true);
      if (m.sender === "advisor") {
        showTyping(false);
        if (isNew && !isOpen) newPill.textContent = "New message";
      }
      maybeSendRead();
    });
    s.on("typing", (t) => { if (t) showTyping(Boolean(t.typing), t.name); });
    s.on("read", (r) => {
      const upto = Number(r && r.upto);
      if (upto > readUpto) { readUpto = upto; syncLog(false); }
    });
    s.on("error", (e) => {
      if (e && e.code === "bad_token") {
        forgetConversation();
        render();
        s.disconnect();
        s.connect();
      }
    });
  }

  function emit(event, data, { timeout = ACK_TIMEOUT_MS } = {}) {  // -> the server's ack (or a made-up failure)
    return new Promise((resolve) => {
      if (!socket || !socket.connected) {
        resolve({ok: false, error: {code: "offline", message: "You are not connected just now. Please wait a moment and try again."}});
        return;
      }
      socket.timeout(timeout).emit(event, data, (err, ack) => {
        if (err) resolve({ok: false, error: {code: "timeout", message: "The chat did not answer. Please try again."}});
        else resolve(ack || {ok: false, error: {code: "unknown", message: "Something went wrong. Please try again."}});
      });
    });
  }

  // ---------------------------------------------------------------- conversation state

  function saveToken(value) { token = value; store.set(value); }

  function forgetConversation() {
    leaveVideo(false);
    token = null;
    store.clear();
    conv = null;
    messages = [];
    readUpto = 0;
    lastReadSent = 0;
    resuming = false;
    convView = null;
    showTyping(false);
  }

  function setConversation(c) {
    if (!c) return;
    conv = c;
    if (resuming) {
      resuming = false;
      if (!isOpen && (c.status === "waiting" || c.status === "active")) openPanel(false);
    }
    render();
  }

  // The server's list of messages. `replace`: it is the whole conversation (the `history` event), so
  // anything we hold that it lacks goes, except our own still being sent. Messages already shown keep
  // their place in the log, so a reconnection does not read the whole log out again.
  function onHistory(data, replace = true) {
    const list = ((data && data.messages) || []).filter((m) => m && m.id !== undefined);
    if (replace) {
      const ids = new Set(list.map((m) => m.id));
      messages = messages.filter((m) => m.id === null || ids.has(m.id));
    }
    for (const m of list) addServerMessage(m);
    const upto = Number(data && data.read_upto);
    if (upto > readUpto) readUpto = upto;
    syncLog(true);
    maybeSendRead();
  }

  // Adds or merges a server message; returns true when it is new to the log.
  function addServerMessage(m) {
    if (!m || m.id === undefined) return false;
    const entry = {id: m.id, client_id: m.client_id || null, sender: m.sender, name: m.name, text: String(m.text ?? ""), at: m.at, state: "delivered"};
    let found = messages.find((x) => x.id !== null && x.id === m.id);
    if (!found && entry.client_id) found = messages.find((x) => x.client_id === entry.client_id && x.sender === entry.sender);
    if (found) {
      Object.assign(found, entry);
      messages = messages.filter((x) => x !== found);
    }
    const target = found || entry;
    const at = messages.findIndex((x) => x.id === null || Number(x.id) > Number(target.id));
    if (at === -1) messages.push(target); else messages.splice(at, 0, target);
    return !found;
  }

  function newestAdvisorId() {
    let newest = 0;
    for (const m of messages) if (m.sender === "advisor" && Number(m.id) > newest) newest = Number(m.id);
    return newest;
  }

  function maybeSendRead() {
    if (!isOpen || document.visibilityState !== "visible" || !conv || !socket || !socket.connected) return;
    const newest = newestAdvisorId();
    if (newest > lastReadSent) {
      lastReadSent = newest;
      socket.emit("read", {upto: newest}, () => {});
    }
  }
  document.addEventListener("visibilitychange", maybeSendRead);

  function sendMessage(text) {
    const m = {id: null, client_id: newClientId(), sender: "family", name: familyName || "You", text, at: new Date().toISOString(), state: "sending", attempts: 0};
    messages.push(m);
    syncLog(true, true);
    transmit(m);
  }

  function transmit(m) {  // sends (or resends) one of the family's messages; the server dedupes by client_id
    m.state = "sending";
    m.problem = "";
    updateMessage(m);
    if (!socket || !socket.connected) return;  // kept, and sent when the connection comes back
    m.attempts += 1;
    socket.timeout(ACK_TIMEOUT_MS).emit("send", {text: m.text, client_id: m.client_id}, (err, ack) => {
      if (m.state !== "sending") return;
      if (err) {  // no answer: try again while connected, otherwise on reconnect
        if (socket.connected && m.attempts < 3) transmit(m);
        return;
      }
      if (ack && ack.ok) {
        if (ack.message) addServerMessage(Object.assign({}, ack.message, {client_id: ack.message.client_id || m.client_id}));
        m.state = "delivered";
        syncLog(false);
      } else {
        m.state = "failed";
        m.problem = (ack && ack.error && ack.error.message) || "Something went wrong.";
        updateMessage(m);
      }
    });
  }

  // ---------------------------------------------------------------- rendering

  function render() {
    let view;
    if (refused) view = refusedView();
    else if (conv) view = conversationView();
    else if (token) view = loadingView();
    else view = prechatView();
    if (body.firstChild !== view || body.childNodes.length !== 1) swap(body, view, title);
    if (view === convView) updateConversation();
  }

  let refusedEl = null;
  function refusedView() {
    if (!refusedEl) {
      refusedEl = h("div", {class: "stack"},
        h("p", {class: "lead"}, "Sorry, the chat is not available on this website just now."),
        h("p", {}, "Please try again later. If a child or anyone else is in immediate danger, call ",
          h("a", {href: "tel:999"}, "999"), "."));
    }
    return refusedEl;
  }

  let loadingEl = null;
  function loadingView() {
    if (!loadingEl) loadingEl = h("p", {class: "lead"}, "Loading your chat…");
    return loadingEl;
  }

  // ---- form helpers (GOV.UK style: label, hint, error message, control)

  function fieldBlock({id, label, hint, control, labelClass}) {
    const hintEl = hint ? h("p", {class: "hint", id: id + "-hint"}, hint) : null;
    const errorEl = h("p", {class: "error-message", id: id + "-error", hidden: true});
    control.id = id;
    if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
    const block = h("div", {class: "field"}, h("label", {for: id, class: labelClass || "label"}, label), hintEl, errorEl, control);
    block._control = control;
    block._error = errorEl;
    block._hint = hintEl;
    return block;
  }

  function setFieldError(block, text) {
    const group = block.tagName === "FIELDSET";  // radio groups: the fieldset carries the description
    const described = group ? block : block._control;
    const describedBy = [block._hint && block._hint.id, text ? block._error.id : null].filter(Boolean).join(" ");
    if (describedBy) described.setAttribute("aria-describedby", describedBy); else described.removeAttribute("aria-describedby");
    block.classList.toggle("has-error", Boolean(text));
    block._error.hidden = !text;
    block._error.replaceChildren(...(text ? [h("span", {class: "visually-hidden"}, "Error: "), text] : []));
    if (group) return;
    if (text) block._control.setAttribute("aria-invalid", "true"); else block._control.removeAttribute("aria-invalid");
  }

  // The error summary at the top of a form: role="alert", a link to each problem, focus moves to it.
  function showSummary(holder, problems) {
    const list = h("ul", {class: "error-list"}, problems.map((p) => h("li", {},
      p.focus ? h("a", {href: "#" + (p.focus.id || ""), onclick: (event) => { event.preventDefault(); p.focus.focus(); }}, p.text) : p.text)));
    const summary = h("div", {class: "error-summary", role: "alert", tabindex: "-1"},
      h("h3", {class: "error-title"}, "There is a problem"), list);
    holder.replaceChildren(summary);
    summary.focus();
  }

  function clearSummary(holder) { holder.replaceChildren(); }

  // The server's problem as a sentence ("that phone number doesn't look right" -> "That phone number doesn't look right").
  function sentence(text, fallback) {
    const t = String(text || fallback || "").trim();
    return t ? t.charAt(0).toUpperCase() + t.slice(1) : "";
  }

  // A refused ack: on its field when the server names one (error.field), else in the summary alone.
  function showServerError(holder, error, fields, fallback) {
    const text = sentence(error && error.message, fallback);
    const block = error && error.field && fields[error.field];
    if (block) {
      setFieldError(block, text);
      showSummary(holder, [{text, focus: block._control}]);
    } else {
      showSummary(holder, [{text}]);
    }
  }

  // ---- the pre-chat form

  let prechatEl = null;
  function prechatView() {
    if (prechatEl) return prechatEl;
    const summaryHolder = h("div", {});
    const name = fieldBlock({id: "fd-name", label: "Your first name (optional)",
      control: h("input", {type: "text", autocomplete: "given-name", maxlength: "60", spellcheck: "false"})});
    const place = fieldBlock({id: "fd-place", label: "Your postcode or town",
      hint: "For example, B73 5AA or Sutton Coldfield. We use it to find your local SENDIASS team.",
      control: h("input", {type: "text", autocomplete: "postal-code", maxlength: "100", required: true, spellcheck: "false"})});
    const choiceHolder = h("div", {});
    const age = fieldBlock({id: "fd-age", label: "Child's or young person's age",
      hint: "Optional. In years, from 0 to 30.",
      control: h("input", {type: "text", inputmode: "numeric", maxlength: "2", class: "short", autocomplete: "off"})});
    const topicSelect = h("select", {}, h("option", {value: ""}, "Not sure"));
    const topic = fieldBlock({id: "fd-topic", label: "What is it about?", control: topicSelect});
    const question = fieldBlock({id: "fd-question", label: "Your question",
      hint: "Tell us a little about what you need help with. Please do not include anyone's full name or address.",
      control: h("textarea", {rows: "4", maxlength: String(MAX_TEXT), required: true})});
    const consentBox = h("input", {type: "checkbox", id: "fd-consent", required: true, "aria-describedby": "fd-consent-hint"});
    const consentError = h("p", {class: "error-message", id: "fd-consent-error", hidden: true});
    const consent = h("div", {class: "field"},
      h("p", {class: "hint", id: "fd-consent-hint"}, "Read our ",
        h("a", {href: origin + "/privacy", target: "_blank", rel: "noopener"}, "privacy notice (opens in a new tab)"),
        " to see how we look after what you tell us."),
      consentError,
      h("div", {class: "check"}, consentBox,
        h("label", {for: "fd-consent"}, "I have read the privacy notice and agree to my messages being stored to help me")));
    consent._control = consentBox;
    consent._error = consentError;
    consent._hint = consent.querySelector("#fd-consent-hint");
    const videoBox = h("input", {type: "checkbox", id: "fd-video", "aria-describedby": "fd-video-hint"});
    const videoChoice = h("div", {class: "field"},
      h("div", {class: "check"}, videoBox,
        h("label", {for: "fd-video"}, "I'd like a video call (with camera and microphone)")),
      h("p", {class: "hint check-hint", id: "fd-video-hint"},
        "Optional. You can type as well, and carry on by text at any time."));
    const startButton = h("button", {type: "submit", class: "primary"}, "Start chat");
    const form = h("form", {class: "stack", novalidate: true},
      summaryHolder,
      h("p", {class: "lead"}, "Ask our advisors about special educational needs and disabilities (SEND). " +
        "We will put you through to the SEND information and advice service for your area. The chat is free and confidential."),
      h("p", {class: "danger-note"}, "If a child or anyone else is in danger right now, call ", h("a", {href: "tel:999"}, "999"), "."),
      name, place, choiceHolder, age, topic, question, videoChoice, consent,
      h("div", {class: "actions"}, startButton));

    let choice = null;  // the council areas to choose from when the place fits several
    place._control.addEventListener("input", () => {
      if (choice) { choice = null; choiceHolder.replaceChildren(); }
    });

    function validate() {
      const problems = [];
      const blocks = [name, place, age, topic, question, consent];
      const errors = new Map();
      if (!place._control.value.trim()) errors.set(place, "Enter your postcode or town");
      const ageText = age._control.value.trim();
      if (ageText && !(/^\d{1,2}$/.test(ageText) && Number(ageText) <= 30)) {
        errors.set(age, "Enter the age as a number from 0 to 30, or leave it empty");
      }
      if (!question._control.value.trim()) errors.set(question, "Enter your question");
      if (!consentBox.checked) errors.set(consent, "Tick the box to agree to your messages being stored, so that we can help you");
      for (const block of blocks) {
        setFieldError(block, errors.get(block) || "");
        if (errors.has(block)) problems.push({text: errors.get(block), focus: block._control});
      }
      if (choice) {
        const chosen = choice.querySelector("input:checked");
        setFieldError(choice, chosen ? "" : "Choose the council area you live in");
        if (!chosen) problems.splice(1, 0, {text: "Choose the council area you live in", focus: choice._control});
      }
      return problems;
    }

    function showChoice(candidates, message) {
      const errorEl = h("p", {class: "error-message", id: "fd-council-error", hidden: true});
      const radios = candidates.map((c, i) => {
        const id = "fd-council-" + i;
        return h("div", {class: "radio"},
          h("input", {type: "radio", name: "fd-council", id, value: c.code}),
          h("label", {for: id}, c.name));
      });
      const hint = h("p", {class: "hint", id: "fd-council-hint"}, message || "Your postcode or town is in more than one council area.");
      const fieldset = h("fieldset", {class: "field choice", "aria-describedby": "fd-council-hint"},
        h("legend", {class: "label"}, "Which council area do you live in?"), hint, errorEl, radios);
      fieldset._control = radios[0].querySelector("input");
      fieldset._error = errorEl;
      fieldset._hint = hint;
      choice = fieldset;
      choiceHolder.replaceChildren(fieldset);
      fieldset._control.focus();
    }

    let busy = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      const problems = validate();
      if (problems.length) { showSummary(summaryHolder, problems); return; }
      clearSummary(summaryHolder);
      const data = {place: place._control.value.trim(), message: question._control.value.trim(), consent: true};
      const nameText = name._control.value.trim();
      if (nameText) data.name = nameText;
      if (age._control.value.trim()) data.age = Number(age._control.value.trim());
      if (topicSelect.value) data.topic = topicSelect.value;
      if (videoBox.checked) data.video = true;
      const chosen = choice && choice.querySelector("input:checked");
      if (chosen) data.local_authority = chosen.value;

      busy = true;
      familyName = nameText;  // the offline form may be drawn before the ack arrives
      startButton.textContent = "Starting your chat…";
      startButton.setAttribute("aria-disabled", "true");
      let ack;
      try {
        await whenConnected(ACK_TIMEOUT_MS);
        ack = await emit("start", data);
      } catch (err) {
        ack = {ok: false, error: {code: "offline", message: "We could not reach the chat. Please check your internet connection and try again."}};
      }
      busy = false;
      startButton.textContent = "Start chat";
      startButton.removeAttribute("aria-disabled");
      if (refused) { render(); return; }
      if (ack.ok) {
        saveToken(ack.token);
        if (ack.family) familyStore.set(ack.family);
        resuming = false;
        prechatEl = null;
        conv = ack.conversation || {status: "waiting", service_name: "", queue: null};
        render();
        if (Array.isArray(ack.messages)) onHistory({messages: ack.messages}, false);  // the question, as stored
        statusBox.focus();
        return;
      }
      const error = ack.error || {};
      if (error.code === "choose_place" && Array.isArray(error.candidates) && error.candidates.length) {
        showChoice(error.candidates, error.message);
        return;
      }
      showServerError(summaryHolder, error, {name, place, age, topic, message: question, consent},
        "Something went wrong. Please try again.");
    });

    loadTopics(topicSelect);
    prechatEl = form;
    return form;
  }

  async function loadTopics(select) {
    try {
      if (!topics) {
        const answer = await fetch(origin + "/webchat/topics.json", {credentials: "omit"});
        if (!answer.ok) return;
        topics = await answer.json();
      }
      const chosen = select.value;
      for (const t of topics || []) {
        if (t && t.id) select.append(h("option", {value: t.id}, String(t.label || t.id)));
      }
      select.value = chosen;
    } catch (err) {
      // the form still works: the topic is optional
    }
  }

  // ---- the conversation

  let convView = null;
  let statusBox, statusMain, statusQueue, signBox, logEl, typingEl, actionsEl;
  let renderedMode = null;
  const messageNodes = new Map();  // message entry -> its element parts

  function conversationView() {
    if (convView) return convView;
    statusMain = h("p", {class: "status-main"});
    statusQueue = h("p", {class: "status-queue"});
    statusBox = h("div", {class: "status", "aria-live": "polite", tabindex: "-1"}, statusMain, statusQueue);
    signBox = h("div", {class: "signposting", role: "alert", hidden: true});
    logEl = h("div", {class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Messages", tabindex: "0"});
    typingEl = h("p", {class: "typing", hidden: true});
    actionsEl = h("div", {class: "conv-actions"});
    renderedMode = null;
    messageNodes.clear();
    // Keep the newest messages in view when the panel changes size (a phone turned, the keyboard opened)
    let atBottom = true;
    logEl.addEventListener("scroll", () => { atBottom = logEl.scrollHeight - logEl.scrollTop - logEl.clientHeight < 40; });
    if (window.ResizeObserver) {
      const log = logEl;
      new ResizeObserver(() => { if (atBottom) log.scrollTop = log.scrollHeight; }).observe(log);
    }
    convView = h("div", {class: "conv"}, signBox, statusBox, videoView(), logEl, typingEl, actionsEl);
    syncLog(true);
    return convView;
  }

  function statusTexts(c) {
    const service = c.service_name || "an advisor";
    switch (c.status) {
      case "waiting": {
        const q = c.queue;
        let queueText = "";
        if (q && q.position) {
          queueText = `You are number ${q.position} in the queue.`;
          const wait = waitText(q.wait_s);
          if (wait) queueText += ` Expected wait: ${wait}`;
        }
        return [`Connecting you to ${service}`, queueText];
      }
      case "active": {
        const who = (c.advisor && c.advisor.first_name) || "An advisor";
        return [`${who} has joined the chat`, c.service_name ? `from ${c.service_name}` : ""];
      }
      case "offline":
        return ["Sorry, nobody can answer the chat just now.", ""];
      case "left_message": {
        const o = c.opening || {};
        return [`Thank you. ${o.service_name || service} will get back to you ${o.opens_text || "as soon as they can"}.`, ""];
      }
      case "ended":
        return ["This chat has ended.", ""];
      default:
        return ["", ""];
    }
  }

  function updateConversation() {
    const c = conv;
    const [main, queue] = statusTexts(c);
    if (statusMain.textContent !== main) statusMain.textContent = main;
    if (statusQueue.textContent !== queue) statusQueue.textContent = queue;
    statusQueue.hidden = !queue;

    if (c.signposting) {
      const text = String(c.signposting);
      signBox.hidden = false;  // shown first, then filled, so that screen readers announce the alert
      if (signBox.dataset.text !== text) {
        signBox.dataset.text = text;
        signBox.replaceChildren(h("h3", {class: "sign-title"}, "Get help now"), h("p", {}, linkedText(text)));
      }
    } else {
      signBox.hidden = true;
    }

    updateVideo();
    const live = c.status === "waiting" || c.status === "active";
    convView.classList.toggle("live", live);
    if (!live) showTyping(false);
    const mode = live ? "live" : c.status;
    if (mode !== renderedMode) {
      renderedMode = mode;
      let nodes;
      if (mode === "live") nodes = composerView();
      else if (mode === "offline") nodes = offlineView();
      else if (mode === "left_message") nodes = [newChatButton()];
      else if (mode === "ended") nodes = endedView();
      else nodes = [];
      swap(actionsEl, nodes, statusBox);
    } else if (mode === "ended" && c.rated && surveyHolder && !surveyHolder.dataset.done) {
      showSurveyThanks(false);
    }
  }

  // ---- video (docs/video.md): the family and the advisor see each other; the text chat stays

  const CAMERA_ICON = "M3 7h11a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zm12 4l6-4v10l-6-4";
  const call = {
    joined: false,     // we have our camera and microphone and are in the call
    joining: false,
    connection: null,  // the call's connection (FrontdeskVideo.startCall, frontdesk/static/video_call.js)
  };
  let videoEl = null;  // the video area's parts, made with the conversation view
  const VIDEO_STATUS = {
    connecting: "Connecting video…",
    connected: "Video connected",
    failed: "The video call could not connect. You can carry on typing, or leave the video and join again.",
  };

  function advisorFirstName() {
    return (conv && conv.advisor && conv.advisor.first_name) || "";
  }

  function videoView() {
    const hint = h("p", {class: "hint", id: "fd-video-join-hint"},
      "You and your advisor will see and hear each other. You can carry on typing too.");
    const join = h("button", {type: "button", class: "primary", "aria-describedby": "fd-video-join-hint", onclick: joinVideo},
      svgIcon(CAMERA_ICON), h("span", {}, "Join video"));
    const problem = h("p", {class: "video-problem", role: "alert"});
    const remote = h("video", {class: "remote-video", "data-testid": "remote-video", playsinline: true, autoplay: true});
    const local = h("video", {class: "local-video", "aria-label": "Your camera", playsinline: true, autoplay: true});
    local.muted = true;  // never play our own microphone back to us
    const status = h("p", {class: "video-status", role: "status", tabindex: "-1"});
    const camera = h("button", {type: "button", class: "secondary", onclick: () => toggleTrack("video")});
    const mic = h("button", {type: "button", class: "secondary", onclick: () => toggleTrack("audio")});
    const leave = h("button", {type: "button", class: "danger", onclick: () => leaveVideo(true, true)}, "Leave video");
    const stage = h("div", {class: "video-stage", hidden: true},
      h("div", {class: "video-frames"}, remote, local),
      status,
      h("div", {class: "actions video-controls"}, camera, mic, leave));
    const offer = h("div", {class: "video-offer"}, h("div", {class: "actions"}, join), hint);
    const box = h("div", {class: "video", hidden: true}, offer, problem, stage);
    videoEl = {box, offer, join, problem, stage, remote, local, status, camera, mic, leave};
    showTrackButtons();
    return box;
  }

  // Called whenever the conversation changes: show "Join video" in an answered video chat, and
  // leave the call when the chat is no longer answered.
  function updateVideo() {
    if (!videoEl) return;
    const can = Boolean(conv && conv.video && conv.status === "active");
    if (!can && (call.joined || call.joining)) leaveVideo(false);
    videoEl.box.hidden = !can;
    videoEl.offer.hidden = call.joined;
    videoEl.stage.hidden = !call.joined;
    const name = advisorFirstName();
    videoEl.remote.setAttribute("aria-label", name ? "Video of " + name : "Video of your advisor");
    frame.classList.toggle("in-video", call.joined);
  }

  function setVideoStatus(text) {
    if (videoEl && videoEl.status.textContent !== text) videoEl.status.textContent = text;
  }

  function showVideoProblem(text) {
    if (videoEl) videoEl.problem.textContent = text;
  }

  function showTrackButtons() {
    if (!videoEl) return;
    const connection = call.connection;
    const cameraOn = !connection || connection.isCameraOn();
    videoEl.camera.replaceChildren(cameraOn ? "Turn camera off" : "Turn camera on");
    videoEl.mic.replaceChildren(!connection || connection.isMicrophoneOn() ? "Mute microphone" : "Unmute microphone");
    videoEl.local.classList.toggle("is-off", !cameraOn);
  }

  function toggleTrack(kind) {
    const connection = call.connection;
    if (!connection) return;
    if (kind === "video") connection.setCamera(!connection.isCameraOn());
    else connection.setMicrophone(!connection.isMicrophoneOn());
    showTrackButtons();
  }

  function mediaProblem(err) {
    const name = err && err.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return "Your browser did not let us use your camera and microphone. To join the video call, allow them " +
        "for this website in your browser's settings, then press Join video again. You can carry on typing.";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      return "We could not find a camera and microphone on this device. You can carry on typing.";
    }
    if (name === "NotReadableError") {
      return "Your camera or microphone is being used by another app. Close it, then press Join video again. You can carry on typing.";
    }
    return "The video call could not start on this device. You can carry on typing.";
  }

  // The call's connection logic (peer-to-peer or Twilio) is in video_call.js, loaded on the first join.
  function loadVideoCall() {
    return loadScript("/static/video_call.js", () => window.FrontdeskVideo, "video_call.js");
  }

  async function joinVideo() {
    if (call.joined || call.joining) return;
    showVideoProblem("");
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== "function" || !window.RTCPeerConnection) {
      showVideoProblem("This browser cannot make video calls on this page. You can carry on typing.");
      return;
    }
    call.joining = true;
    videoEl.join.setAttribute("aria-disabled", "true");
    let FrontdeskVideo = null;
    let stream;
    try {
      FrontdeskVideo = await loadVideoCall();
      stream = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
    } catch (err) {
      call.joining = false;
      videoEl.join.removeAttribute("aria-disabled");
      showVideoProblem(FrontdeskVideo ? mediaProblem(err) : "The video call could not load. Please check your internet " +
        "connection, then press Join video again. You can carry on typing.");
      return;
    }
    const ack = await emit("video_join", {});
    call.joining = false;
    videoEl.join.removeAttribute("aria-disabled");
    if (!ack.ok || !ack.video) {
      for (const track of stream.getTracks()) track.stop();
      showVideoProblem(sentence(ack.error && ack.error.message, "The video call could not start.") + " You can carry on typing.");
      return;
    }
    call.joined = true;
    call.connection = FrontdeskVideo.startCall({
      role: "family", join: ack.video, localStream: stream, localVideo: videoEl.local, remoteVideo: videoEl.remote,
      sendSignal: (signal) => { if (socket && socket.connected) socket.emit("video_signal", {signal}, () => {}); },
      onStatus: (state) => setVideoStatus(state === "left"
        ? `${advisorFirstName() || "Your advisor"} has left the video call.` : VIDEO_STATUS[state]),
      onLeft: () => leaveVideo(false),
      twilioUrl: origin + "/static/vendor/twilio-video.min.js",
    });
    showTrackButtons();
    updateVideo();
    videoEl.status.focus();
  }

  // Leave the call: `tell` sends "bye" to the advisor; `refocus` moves focus to "Join video".
  function leaveVideo(tell, refocus) {
    const connection = call.connection;
    call.connection = null;
    call.joined = false;
    if (connection) connection.leave(tell);
    if (videoEl) {
      setVideoStatus("");
      showTrackButtons();
      updateVideo();
      if (refocus && !videoEl.box.hidden) videoEl.join.focus();
    }
  }

  // ---- the message log

  function whoText(m) {
    if (m.sender === "family") return "You";
    return m.name || (m.sender === "advisor" ? "Advisor" : "Helpline");
  }

  function stateText(m) {
    if (m.state === "failed") return "Not sent: " + m.problem;
    if (m.state === "sending") return "Sending…";
    if (m.id !== null && Number(m.id) <= readUpto) return "Read";
    return "Delivered";
  }

  function messageNode(m) {
    let parts = messageNodes.get(m);
    if (parts) return parts;
    const time = h("time", {datetime: parseTime(m.at).toISOString()}, clockText(m.at));
    const state = m.sender === "family" ? h("span", {class: "state"}) : null;
    const retry = m.sender === "family"
      ? h("button", {type: "button", class: "link-button", hidden: true, onclick: () => transmit(m)}, "Send again") : null;
    const el = h("div", {class: "msg msg-" + (["family", "advisor", "system"].includes(m.sender) ? m.sender : "system")},
      h("p", {class: "meta"}, h("span", {class: "who"}, whoText(m)), h("span", {class: "visually-hidden"}, " at "), " ", time),
      h("p", {class: "text"}, m.text),
      state ? h("p", {class: "state-line"}, state, " ", retry) : null);
    parts = {el, time, state, retry, at: m.at};
    messageNodes.set(m, parts);
    return parts;
  }

  function updateMessage(m) {
    const parts = messageNodes.get(m);
    if (!parts) return;
    if (parts.at !== m.at) {
      parts.at = m.at;
      parts.time.setAttribute("datetime", parseTime(m.at).toISOString());
      parts.time.textContent = clockText(m.at);
    }
    if (parts.state) {
      const text = stateText(m);
      if (parts.state.textContent !== text) parts.state.textContent = text;
      parts.state.classList.toggle("is-failed", m.state === "failed");
      parts.retry.hidden = m.state !== "failed";
    }
  }

  // Make the log show `messages` in order, touching only what changed (so screen readers hear only new lines).
  function syncLog(scroll, force) {
    if (!logEl) return;
    const nearBottom = logEl.scrollHeight - logEl.scrollTop - logEl.clientHeight < 80;
    const keep = new Set(messages);
    for (const m of Array.from(messageNodes.keys())) {
      if (!keep.has(m)) { messageNodes.get(m).el.remove(); messageNodes.delete(m); }
    }
    messages.forEach((m, i) => {
      const {el} = messageNode(m);
      if (logEl.children[i] !== el) logEl.insertBefore(el, logEl.children[i] || null);
      updateMessage(m);
    });
    if (scroll && (nearBottom || force)) logEl.scrollTop = logEl.scrollHeight;
  }

  let typingTimer = 0;
  function showTyping(on, name) {
    clearTimeout(typingTimer);
    if (!typingEl) return;
    if (on && conv && (conv.status === "active" || conv.status === "waiting")) {
      typingEl.replaceChildren(`${name || "The advisor"} is typing…`, h("span", {class: "dots", "aria-hidden": "true"}, h("span"), h("span"), h("span")));
      typingEl.hidden = false;
      typingTimer = setTimeout(() => showTyping(false), 15000);  // in case the "stopped" never arrives
    } else {
      typingEl.hidden = true;
    }
  }

  // ---- the composer (waiting and active)

  function composerView() {
    const summaryHolder = h("p", {class: "composer-problem", role: "status"});
    const box = h("textarea", {id: "fd-message", rows: "3", maxlength: String(MAX_TEXT), "aria-describedby": "fd-message-hint"});
    const endButton = h("button", {type: "button", class: "secondary"}, "End chat");
    const form = h("form", {class: "composer", novalidate: true},
      h("label", {for: "fd-message", class: "label"}, "Your message"),
      h("p", {class: "hint", id: "fd-message-hint"}, "Press Enter to send. Press Shift and Enter for a new line."),
      summaryHolder,
      box,
      h("div", {class: "actions"}, endButton, h("button", {type: "submit", class: "primary"}, "Send")));

    let typingSent = false;
    let typingSentAt = 0;
    let idleTimer = 0;
    function stopTyping() {
      clearTimeout(idleTimer);
      if (typingSent && socket && socket.connected) socket.emit("typing", {typing: false});
      typingSent = false;
    }
    box.addEventListener("input", () => {
      summaryHolder.textContent = "";
      if (!socket || !socket.connected) return;
      const now = Date.now();
      if (!box.value.trim()) { stopTyping(); return; }
      if (!typingSent || now - typingSentAt > TYPING_REPEAT_MS) {
        socket.emit("typing", {typing: true});
        typingSent = true;
        typingSentAt = now;
      }
      clearTimeout(idleTimer);
      idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !event.ctrlKey && !event.altKey && !event.metaKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = box.value.trim();
      if (!text) { summaryHolder.textContent = "Write your message first."; box.focus(); return; }
      stopTyping();
      box.value = "";
      sendMessage(text);
      box.focus();
    });

    // End chat, confirmed in the panel
    const question = h("p", {class: "confirm-question", tabindex: "-1"}, "Do you want to end this chat?");
    const confirmBox = h("div", {class: "confirm", hidden: true},
      question,
      h("p", {class: "hint"}, "You can download the conversation once it has ended."),
      h("div", {class: "actions"},
        h("button", {type: "button", class: "danger", onclick: endChat}, "Yes, end the chat"),
        h("button", {type: "button", class: "secondary", onclick: () => { confirmBox.hidden = true; endButton.hidden = false; endButton.focus(); }},
          "No, keep chatting")));
    endButton.addEventListener("click", () => { endButton.hidden = true; confirmBox.hidden = false; question.focus(); });
    const endProblem = h("p", {class: "composer-problem", role: "status"});

    let ending = false;
    async function endChat() {
      if (ending) return;
      ending = true;
      stopTyping();
      const ack = await emit("end", {});
      ending = false;
      if (ack.ok) { if (ack.conversation) setConversation(ack.conversation); }
      else endProblem.textContent = sentence(ack.error && ack.error.message, "The chat could not be ended. Please try again.");
    }

    return [form, confirmBox, endProblem];
  }

  // ---- offline: leave a message

  function offlineView() {
    const o = (conv && conv.opening) || {};
    const service = o.service_name || (conv && conv.service_name) || "The advice service";
    const info = h("div", {class: "opening"},
      h("p", {}, `Leave a message and ${service} will get back to you ${o.opens_text || "as soon as they can"}.`),
      o.hours ? h("p", {}, h("span", {class: "strong"}, "Opening hours: "), String(o.hours)) : null);
    const summaryHolder = h("div", {});
    const name = fieldBlock({id: "fd-off-name", label: "Your name",
      control: h("input", {type: "text", autocomplete: "name", maxlength: "60", required: true, spellcheck: "false"})});
    if (familyName) name._control.value = familyName;
    const email = fieldBlock({id: "fd-off-email", label: "Email address",
      control: h("input", {type: "email", autocomplete: "email", maxlength: "200", spellcheck: "false"})});
    const phone = fieldBlock({id: "fd-off-phone", label: "Phone number",
      control: h("input", {type: "tel", autocomplete: "tel", maxlength: "30"})});
    const message = fieldBlock({id: "fd-off-message", label: "Your message",
      control: h("textarea", {rows: "4", maxlength: String(MAX_TEXT), required: true})});
    const contactHint = h("p", {class: "hint", id: "fd-off-contact-hint"},
      "Give us an email address or a phone number, or both, so the team can get back to you.");
    for (const block of [email, phone]) block._control.setAttribute("aria-describedby", "fd-off-contact-hint");
    email._hint = contactHint;
    phone._hint = contactHint;
    const sendButton = h("button", {type: "submit", class: "primary"}, "Send message");
    const form = h("form", {class: "stack", novalidate: true},
      summaryHolder, name, contactHint, email, phone, message, h("div", {class: "actions"}, sendButton));

    let busy = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      const values = {
        name: name._control.value.trim(), email: email._control.value.trim(),
        phone: phone._control.value.trim(), message: message._control.value.trim(),
      };
      const errors = new Map();
      if (!values.name) errors.set(name, "Enter your name");
      if (values.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) {
        errors.set(email, "Enter an email address in the right format, like name@example.com");
      }
      if (values.phone && (values.phone.replace(/\D/g, "").length < 7 || /[^\d\s()+-]/.test(values.phone))) {
        errors.set(phone, "Enter a phone number, including the area code");
      }
      if (!values.email && !values.phone) errors.set(email, "Enter an email address or a phone number, so the team can get back to you");
      if (!values.message) errors.set(message, "Enter your message");
      const problems = [];
      for (const block of [name, email, phone, message]) {
        setFieldError(block, errors.get(block) || "");
        if (errors.has(block)) problems.push({text: errors.get(block), focus: block._control});
      }
      if (problems.length) { showSummary(summaryHolder, problems); return; }
      clearSummary(summaryHolder);
      const data = {name: values.name, message: values.message};
      if (values.email) data.email = values.email;
      if (values.phone) data.phone = values.phone;
      busy = true;
      sendButton.textContent = "Sending…";
      const ack = await emit("offline_message", data);
      busy = false;
      sendButton.textContent = "Send message";
      if (ack.ok) {
        if (ack.conversation) setConversation(ack.conversation);
        statusBox.focus();
      } else {
        showServerError(summaryHolder, ack.error, {name, email, phone, message}, "Your message could not be sent. Please try again.");
      }
    });
    return [info, form];
  }

  // ---- ended: transcript, survey, a new chat

  let surveyHolder = null;
  function endedView() {
    const download = h("button", {type: "button", class: "secondary", onclick: downloadTranscript},
      svgIcon("M12 3v12m0 0l-5-5m5 5l5-5M5 21h14"), h("span", {}, "Download the conversation"));
    surveyHolder = h("div", {class: "survey-holder"});
    if (conv.rated) showSurveyThanks(false); else surveyHolder.append(surveyForm());
    return [h("div", {class: "actions"}, download), surveyHolder, newChatButton()];
  }

  function surveyForm() {
    const labels = ["1 – not helpful", "2 – a little helpful", "3 – quite helpful", "4 – helpful", "5 – very helpful"];
    const errorEl = h("p", {class: "error-message", id: "fd-rating-error", hidden: true});
    const radios = labels.map((label, i) => h("div", {class: "radio"},
      h("input", {type: "radio", name: "fd-rating", id: "fd-rating-" + (i + 1), value: String(i + 1)}),
      h("label", {for: "fd-rating-" + (i + 1)}, label)));
    const fieldset = h("fieldset", {class: "field"}, h("legend", {class: "label"}, "How helpful was this chat?"), errorEl, radios);
    fieldset._control = radios[0].querySelector("input");
    fieldset._error = errorEl;
    const comment = fieldBlock({id: "fd-comment", label: "Anything else you would like to tell us? (optional)",
      control: h("textarea", {rows: "3", maxlength: String(MAX_TEXT)})});
    const summaryHolder = h("div", {});
    const form = h("form", {class: "stack survey", novalidate: true},
      summaryHolder, fieldset, comment, h("div", {class: "actions"}, h("button", {type: "submit", class: "primary"}, "Send")));
    let busy = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      const chosen = form.querySelector("input[name=fd-rating]:checked");
      if (!chosen) {
        setFieldError(fieldset, "Choose how helpful the chat was, from 1 to 5");
        showSummary(summaryHolder, [{text: "Choose how helpful the chat was, from 1 to 5", focus: fieldset._control}]);
        return;
      }
      setFieldError(fieldset, "");
      clearSummary(summaryHolder);
      const data = {rating: Number(chosen.value)};
      if (comment._control.value.trim()) data.comment = comment._control.value.trim();
      busy = true;
      const ack = await emit("survey", data);
      busy = false;
      if (ack.ok) {
        if (conv) conv.rated = true;
        showSurveyThanks(true);
      } else {
        showServerError(summaryHolder, ack.error, {rating: fieldset, comment}, "Your answer could not be sent. Please try again.");
      }
    });
    return form;
  }

  function showSurveyThanks(moveFocus) {
    if (!surveyHolder) return;
    surveyHolder.dataset.done = "yes";
    const thanks = h("p", {class: "thanks", tabindex: "-1"}, "Thank you for your feedback.");
    swap(surveyHolder, thanks, thanks);
    if (moveFocus) thanks.focus();
  }

  function newChatButton() {
    return h("div", {class: "actions"}, h("button", {type: "button", class: "secondary", onclick: startOver}, "Start a new chat"));
  }

  function startOver() {
    forgetConversation();
    surveyHolder = null;
    prechatEl = null;
    render();
    title.focus();
    if (socket) {  // a fresh connection without the old token
      socket.disconnect();
      socket.connect();
    }
  }

  function transcriptText() {
    const now = new Date();
    const lines = ["Chat with the SEND advice helpline"];
    if (conv && conv.service_name) lines.push(conv.service_name);
    if (messages.length) lines.push("Chat on " + dayFormat.format(parseTime(messages[0].at)));
    lines.push("Downloaded on " + dayFormat.format(now) + " at " + clockFormat.format(now) + " (UK time)", "");
    for (const m of messages) {
      if (m.state === "failed") continue;
      const [first, ...rest] = m.text.split(/\r?\n/);
      lines.push(`[${clockText(m.at)}] ${whoText(m)}: ${first}`);
      for (const more of rest) lines.push("    " + more);
    }
    return lines.join("\r\n") + "\r\n";
  }

  function downloadTranscript() {
    const blob = new Blob([transcriptText()], {type: "text/plain;charset=utf-8"});
    const url = URL.createObjectURL(blob);
    const link = h("a", {href: url, download: `frontdesk-chat-${isoDay(new Date())}.txt`, hidden: true});
    frame.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // ---------------------------------------------------------------- start up

  function boot() {
    if (document.querySelector(`[data-frontdesk-chat="${CSS.escape(site)}"]`)) return;  // embedded twice
    document.body.append(host);
    if (token) connect().catch(() => {});
  }
  if (document.body) boot(); else document.addEventListener("DOMContentLoaded", boot);
})();
