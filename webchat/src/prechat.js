// The pre-chat form: first name, postcode or town (and the council area when it fits several),
// age, topic, the question, video, consent; "Start chat" sends `start` (docs/chat.md).
import {el} from "../../frontdesk/static/js/shared/dom.js";
import {newClientId} from "../../frontdesk/static/js/shared/ids.js";
import {ACK_TIMEOUT_MS, MAX_TEXT, origin} from "./config.js";
import {emit, whenConnected} from "./connection.js";
import {onHistory, saveToken} from "./conversation.js";
import {clearSummary, fieldBlock, setFieldError, showFieldErrors, showServerError, showSummary} from "./fields.js";
import {render} from "./render.js";
import {linkedText} from "./signposting.js";
import {parts, state, stores, views} from "./state.js";

export function prechatView() {
  if (views.prechat) return views.prechat;
  const f = prechatFields();
  const form = el("form", {class: "stack", novalidate: true},
    f.summaryHolder,
    el("p", {class: "lead"}, "Ask our advisors about special educational needs and disabilities (SEND). " +
      "We will put you through to the SEND information and advice service for your area. The chat is free and confidential."),
    el("p", {class: "danger-note"}, "If a child or anyone else is in danger right now, call ", el("a", {href: "tel:999"}, "999"), "."),
    f.name, f.place, f.choiceHolder, f.age, f.topic, f.question, f.videoChoice, f.consent,
    el("div", {class: "actions"}, f.startButton));

  f.place._control.addEventListener("input", () => {
    if (f.choice) { f.choice = null; f.choiceHolder.replaceChildren(); }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    startChat(f);
  });
  loadTopics(f.topicSelect);
  views.prechat = form;
  return form;
}

function prechatFields() {
  const topicSelect = el("select", {}, el("option", {value: ""}, "Not sure"));
  return {
    summaryHolder: el("div", {}),
    name: fieldBlock({id: "fd-name", label: "Your first name (optional)",
      control: el("input", {type: "text", autocomplete: "given-name", maxlength: "60", spellcheck: "false"})}),
    place: fieldBlock({id: "fd-place", label: "Your postcode or town",
      hint: "For example, B73 5AA or Sutton Coldfield. We use it to find your local SENDIASS team.",
      control: el("input", {type: "text", autocomplete: "postal-code", maxlength: "100", required: true, spellcheck: "false"})}),
    choiceHolder: el("div", {}),
    choice: null,  // the council areas to choose from when the place fits several
    age: fieldBlock({id: "fd-age", label: "Child's or young person's age",
      hint: "Optional. In years, from 0 to 30.",
      control: el("input", {type: "text", inputmode: "numeric", maxlength: "2", class: "short", autocomplete: "off"})}),
    topicSelect,
    topic: fieldBlock({id: "fd-topic", label: "What is it about?", control: topicSelect}),
    question: fieldBlock({id: "fd-question", label: "Your question",
      hint: "Tell us a little about what you need help with. Please do not include anyone's full name or address.",
      control: el("textarea", {rows: "4", maxlength: String(MAX_TEXT), required: true})}),
    videoChoice: videoField(),
    consent: consentField(),
    startButton: el("button", {type: "submit", class: "primary"}, "Start chat"),
    busy: false,
  };
}

function consentField() {
  const consentBox = el("input", {type: "checkbox", id: "fd-consent", required: true, "aria-describedby": "fd-consent-hint"});
  const consentError = el("p", {class: "error-message", id: "fd-consent-error", hidden: true});
  const consent = el("div", {class: "field"},
    el("p", {class: "hint", id: "fd-consent-hint"}, "Read our ",
      el("a", {href: origin + "/privacy", target: "_blank", rel: "noopener"}, "privacy notice (opens in a new tab)"),
      " to see how we look after what you tell us."),
    consentError,
    el("div", {class: "check"}, consentBox,
      el("label", {for: "fd-consent"}, "I have read the privacy notice and agree to my messages being stored to help me")));
  consent._control = consentBox;
  consent._error = consentError;
  consent._hint = consent.querySelector("#fd-consent-hint");
  return consent;
}

function videoField() {
  const videoBox = el("input", {type: "checkbox", id: "fd-video", "aria-describedby": "fd-video-hint"});
  const videoChoice = el("div", {class: "field"},
    el("div", {class: "check"}, videoBox,
      el("label", {for: "fd-video"}, "I'd like a video call (with camera and microphone)")),
    el("p", {class: "hint check-hint", id: "fd-video-hint"},
      "Optional. You can type as well, and carry on by text at any time."));
  videoChoice._control = videoBox;
  return videoChoice;
}

function validate(f) {
  const errors = new Map();
  if (!f.place._control.value.trim()) errors.set(f.place, "Enter your postcode or town");
  const ageText = f.age._control.value.trim();
  if (ageText && !(/^\d{1,2}$/.test(ageText) && Number(ageText) <= 30)) {
    errors.set(f.age, "Enter the age as a number from 0 to 30, or leave it empty");
  }
  if (!f.question._control.value.trim()) errors.set(f.question, "Enter your question");
  if (!f.consent._control.checked) errors.set(f.consent, "Tick the box to agree to your messages being stored, so that we can help you");
  const problems = showFieldErrors([f.name, f.place, f.age, f.topic, f.question, f.consent], errors);
  if (f.choice) {
    const chosen = f.choice.querySelector("input:checked");
    setFieldError(f.choice, chosen ? "" : "Choose the council area you live in");
    if (!chosen) problems.splice(1, 0, {text: "Choose the council area you live in", focus: f.choice._control});
  }
  return problems;
}

function showChoice(f, candidates, message) {
  const errorEl = el("p", {class: "error-message", id: "fd-council-error", hidden: true});
  const radios = candidates.map((c, i) => {
    const id = "fd-council-" + i;
    return el("div", {class: "radio"},
      el("input", {type: "radio", name: "fd-council", id, value: c.code}),
      el("label", {for: id}, c.name));
  });
  const hint = el("p", {class: "hint", id: "fd-council-hint"}, message || "Your postcode or town is in more than one council area.");
  const fieldset = el("fieldset", {class: "field choice", "aria-describedby": "fd-council-hint"},
    el("legend", {class: "label"}, "Which council area do you live in?"), hint, errorEl, radios);
  fieldset._control = radios[0].querySelector("input");
  fieldset._error = errorEl;
  fieldset._hint = hint;
  f.choice = fieldset;
  f.choiceHolder.replaceChildren(fieldset);
  fieldset._control.focus();
}

function startData(f) {
  const data = {place: f.place._control.value.trim(), message: f.question._control.value.trim(), consent: true};
  const nameText = f.name._control.value.trim();
  if (nameText) data.name = nameText;
  if (f.age._control.value.trim()) data.age = Number(f.age._control.value.trim());
  if (f.topicSelect.value) data.topic = f.topicSelect.value;
  if (f.videoChoice._control.checked) data.video = true;
  const chosen = f.choice && f.choice.querySelector("input:checked");
  if (chosen) data.local_authority = chosen.value;
  // One id for this form's start, sent again if it is retried (a lost answer): the server then
  // finds the chat the first attempt opened instead of opening a second one.
  f.startId = f.startId || newClientId();
  data.start_id = f.startId;
  return data;
}

// A start refused because too many chats were started lately: the family still gets the
// emergency advice and the number to ring.
function showUrgentHelp(holder, error) {
  const help = el("div", {class: "signposting"}, el("p", {}, linkedText(error.signposting || "")));
  if (error.phone) {
    help.append(el("p", {}, "You can also ring us free on ",
      el("a", {href: "tel:" + error.phone.replace(/\s/g, "")}, error.phone), "."));
  }
  holder.append(help);
}

async function startChat(f) {
  if (f.busy) return;
  const problems = validate(f);
  if (problems.length) { showSummary(f.summaryHolder, problems); return; }
  clearSummary(f.summaryHolder);
  const data = startData(f);

  f.busy = true;
  state.familyName = data.name || "";  // the offline form may be drawn before the ack arrives
  f.startButton.textContent = "Starting your chat…";
  f.startButton.setAttribute("aria-disabled", "true");
  let ack;
  try {
    await whenConnected(ACK_TIMEOUT_MS);
    ack = await emit("start", data);
  } catch (err) {
    ack = {ok: false, error: {code: "offline", message: "We could not reach the chat. Please check your internet connection and try again."}};
  }
  f.busy = false;
  f.startButton.textContent = "Start chat";
  f.startButton.removeAttribute("aria-disabled");
  if (state.refused) { render(); return; }
  if (ack.ok) { started(ack); return; }
  const error = ack.error || {};
  if (error.code === "choose_place" && Array.isArray(error.candidates) && error.candidates.length) {
    showChoice(f, error.candidates, error.message);
    return;
  }
  showServerError(f.summaryHolder, error, {name: f.name, place: f.place, age: f.age, topic: f.topic, message: f.question, consent: f.consent},
    "Something went wrong. Please try again.");
  if (error.code === "too_fast" && error.signposting) showUrgentHelp(f.summaryHolder, error);
}

function started(ack) {
  saveToken(ack.token);
  if (ack.family) stores.family.set(ack.family);
  state.resuming = false;
  views.prechat = null;
  state.conv = ack.conversation || {status: "waiting", service_name: "", queue: null};
  render();
  if (Array.isArray(ack.messages)) onHistory({messages: ack.messages}, false);  // the question, as stored
  parts.statusBox.focus();
}

async function loadTopics(select) {
  try {
    if (!state.topics) {
      const answer = await fetch(origin + "/webchat/topics.json", {credentials: "omit"});
      if (!answer.ok) return;
      state.topics = await answer.json();
    }
    const chosen = select.value;
    for (const t of state.topics || []) {
      if (t && t.id) select.append(el("option", {value: t.id}, String(t.label || t.id)));
    }
    select.value = chosen;
  } catch (err) {
    // the form still works: the topic is optional
  }
}
