// The widget's frame: a launcher button and a chat panel, drawn inside a shadow root so that the
// partner's styles and ours never mix; opening and closing the panel; the panel's notice line.
import {el, setText} from "../../frontdesk/static/js/shared/dom.js";
import {origin, site} from "./config.js";
import {connect} from "./connection.js";
import {maybeSendRead} from "./conversation.js";
import {CHAT_ICON, CLOSE_ICON, svgIcon} from "./icons.js";
import {render} from "./render.js";
import {state} from "./state.js";

// host, root (the shadow root), frame, launcher, newPill, title, notice, body, panel
export const ui = {};

export function buildFrame() {
  ui.host = el("div", {"data-frontdesk-chat": site});
  ui.root = ui.host.attachShadow({mode: "open"});
  ui.frame = el("div", {class: "fd", lang: "en-GB", hidden: true});
  const stylesheet = el("link", {rel: "stylesheet", href: origin + "/webchat/widget.css"});
  stylesheet.addEventListener("load", () => { ui.frame.hidden = false; });
  stylesheet.addEventListener("error", () => { ui.frame.hidden = false; });

  ui.launcher = el("button", {type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "fd-panel",
    onclick: togglePanel}, svgIcon(CHAT_ICON), el("span", {}, "Chat with an advisor"));
  ui.newPill = el("p", {class: "pill", role: "status"});  // "New message" while the panel is closed
  ui.title = el("h2", {class: "title", id: "fd-title", tabindex: "-1"}, "SEND advice helpline");
  const closeButton = el("button", {type: "button", class: "close", "aria-label": "Close chat", onclick: () => closePanel(true)},
    svgIcon(CLOSE_ICON), el("span", {class: "close-text"}, "Close"));
  ui.notice = el("p", {class: "notice", role: "status"});
  ui.body = el("div", {class: "body"});
  ui.panel = el("div", {class: "panel", id: "fd-panel", role: "dialog", "aria-label": "Chat with the SEND advice helpline", hidden: true},
    el("div", {class: "head"}, el("div", {}, ui.title, el("p", {class: "subtitle"}, "Free, confidential advice for families")), closeButton),
    ui.notice,
    ui.body);
  ui.panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.isComposing) { event.preventDefault(); closePanel(true); }
  });
  ui.frame.append(ui.launcher, ui.newPill, ui.panel);
  ui.root.append(stylesheet, ui.frame);
}

function togglePanel() { if (state.isOpen) closePanel(true); else openPanel(true); }

export function openPanel(moveFocus) {
  state.isOpen = true;
  ui.panel.hidden = false;
  ui.frame.classList.add("is-open");
  ui.launcher.setAttribute("aria-expanded", "true");
  ui.newPill.textContent = "";
  render();
  if (moveFocus) ui.title.focus();
  if (!state.socket) connect();
  maybeSendRead();
}

function closePanel(returnFocus) {
  state.isOpen = false;
  ui.panel.hidden = true;
  ui.frame.classList.remove("is-open");
  ui.launcher.setAttribute("aria-expanded", "false");
  if (returnFocus) ui.launcher.focus();
}

function hasFocus(container) {  // whether focus is on something inside `container`
  const active = ui.root.activeElement;
  return Boolean(active && container.contains(active));
}

// Replace what `container` shows; if focus was inside what goes, move it to `focusTarget`.
export function swap(container, nodes, focusTarget) {
  const hadFocus = hasFocus(container);
  container.replaceChildren(...[].concat(nodes));
  if (hadFocus && focusTarget && !hasFocus(container)) focusTarget.focus();
}

export function setNotice(text) { setText(ui.notice, text); }
