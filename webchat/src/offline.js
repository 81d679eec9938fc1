// When nobody can answer: who will reply and when they open, and a form to leave a message
// (`offline_message`, docs/chat.md), which becomes a callback request.
import {el} from "../../frontdesk/static/js/shared/dom.js";
import {MAX_TEXT} from "./config.js";
import {emit} from "./connection.js";
import {setConversation} from "./conversation.js";
import {clearSummary, fieldBlock, showFieldErrors, showServerError, showSummary} from "./fields.js";
import {parts, state} from "./state.js";

export function offlineView() {
  const conv = state.conv;
  const o = (conv && conv.opening) || {};
  const service = o.service_name || (conv && conv.service_name) || "The advice service";
  const info = el("div", {class: "opening"},
    el("p", {}, `Leave a message and ${service} will get back to you ${o.opens_text || "as soon as they can"}.`),
    o.hours ? el("p", {}, el("span", {class: "strong"}, "Opening hours: "), String(o.hours)) : null);
  const f = offlineFields();
  const form = el("form", {class: "stack", novalidate: true},
    f.summaryHolder, f.name, f.contactHint, f.email, f.phone, f.message, el("div", {class: "actions"}, f.sendButton));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendOffline(f);
  });
  return [info, form];
}

function offlineFields() {
  const name = fieldBlock({id: "fd-off-name", label: "Your name",
    control: el("input", {type: "text", autocomplete: "name", maxlength: "60", required: true, spellcheck: "false"})});
  if (state.familyName) name._control.value = state.familyName;
  const email = fieldBlock({id: "fd-off-email", label: "Email address",
    control: el("input", {type: "email", autocomplete: "email", maxlength: "200", spellcheck: "false"})});
  const phone = fieldBlock({id: "fd-off-phone", label: "Phone number",
    control: el("input", {type: "tel", autocomplete: "tel", maxlength: "30"})});
  const message = fieldBlock({id: "fd-off-message", label: "Anything to add? (optional)",
    hint: "Your question and anything else you wrote here are passed on with your message.",
    control: el("textarea", {rows: "4", maxlength: String(MAX_TEXT)})});
  const contactHint = el("p", {class: "hint", id: "fd-off-contact-hint"},
    "Give us an email address or a phone number, or both, so the team can get back to you.");
  for (const block of [email, phone]) block._control.setAttribute("aria-describedby", "fd-off-contact-hint");
  email._hint = contactHint;
  phone._hint = contactHint;
  const sendButton = el("button", {type: "submit", class: "primary"}, "Send message");
  return {summaryHolder: el("div", {}), name, email, phone, message, contactHint, sendButton, busy: false};
}

function validate(f, values) {
  const errors = new Map();
  if (!values.name) errors.set(f.name, "Enter your name");
  if (values.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) {
    errors.set(f.email, "Enter an email address in the right format, like name@example.com");
  }
  if (values.phone && (values.phone.replace(/\D/g, "").length < 7 || /[^\d\s()+-]/.test(values.phone))) {
    errors.set(f.phone, "Enter a phone number, including the area code");
  }
  if (!values.email && !values.phone) errors.set(f.email, "Enter an email address or a phone number, so the team can get back to you");
  return showFieldErrors([f.name, f.email, f.phone, f.message], errors);
}

async function sendOffline(f) {
  if (f.busy) return;
  const values = {
    name: f.name._control.value.trim(), email: f.email._control.value.trim(),
    phone: f.phone._control.value.trim(), message: f.message._control.value.trim(),
  };
  const problems = validate(f, values);
  if (problems.length) { showSummary(f.summaryHolder, problems); return; }
  clearSummary(f.summaryHolder);
  const data = {name: values.name};
  if (values.message) data.message = values.message;
  if (values.email) data.email = values.email;
  if (values.phone) data.phone = values.phone;
  f.busy = true;
  f.sendButton.textContent = "Sending…";
  const ack = await emit("offline_message", data);
  f.busy = false;
  f.sendButton.textContent = "Send message";
  if (ack.ok) {
    if (ack.conversation) setConversation(ack.conversation);
    parts.statusBox.focus();
  } else {
    showServerError(f.summaryHolder, ack.error, {name: f.name, email: f.email, phone: f.phone, message: f.message},
      "Your message could not be sent. Please try again.");
  }
}
