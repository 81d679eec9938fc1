// When the chat has ended: download the conversation, the survey ("How helpful was this chat?"),
// and "Start a new chat".
import {el} from "../../frontdesk/static/js/shared/dom.js";
import {MAX_TEXT} from "./config.js";
import {emit} from "./connection.js";
import {forgetConversation} from "./conversation.js";
import {clearSummary, fieldBlock, setFieldError, showServerError, showSummary} from "./fields.js";
import {swap, ui} from "./frame.js";
import {DOWNLOAD_ICON, svgIcon} from "./icons.js";
import {render} from "./render.js";
import {state, views} from "./state.js";
import {downloadTranscript} from "./transcript.js";

export function endedView() {
  const download = el("button", {type: "button", class: "secondary", onclick: downloadTranscript},
    svgIcon(DOWNLOAD_ICON), el("span", {}, "Download the conversation"));
  views.survey = el("div", {class: "survey-holder"});
  if (state.conv.rated) showSurveyThanks(false); else views.survey.append(surveyForm());
  return [el("div", {class: "actions"}, download), views.survey, newChatButton()];
}

const RATINGS = ["1 – not helpful", "2 – a little helpful", "3 – quite helpful", "4 – helpful", "5 – very helpful"];

function surveyForm() {
  const errorEl = el("p", {class: "error-message", id: "fd-rating-error", hidden: true});
  const radios = RATINGS.map((label, i) => el("div", {class: "radio"},
    el("input", {type: "radio", name: "fd-rating", id: "fd-rating-" + (i + 1), value: String(i + 1)}),
    el("label", {for: "fd-rating-" + (i + 1)}, label)));
  const fieldset = el("fieldset", {class: "field"}, el("legend", {class: "label"}, "How helpful was this chat?"), errorEl, radios);
  fieldset._control = radios[0].querySelector("input");
  fieldset._error = errorEl;
  const comment = fieldBlock({id: "fd-comment", label: "Anything else you would like to tell us? (optional)",
    control: el("textarea", {rows: "3", maxlength: String(MAX_TEXT)})});
  const summaryHolder = el("div", {});
  const form = el("form", {class: "stack survey", novalidate: true},
    summaryHolder, fieldset, comment, el("div", {class: "actions"}, el("button", {type: "submit", class: "primary"}, "Send")));
  const survey = {form, fieldset, comment, summaryHolder, busy: false};
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendSurvey(survey);
  });
  return form;
}

async function sendSurvey(survey) {
  if (survey.busy) return;
  const {form, fieldset, comment, summaryHolder} = survey;
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
  survey.busy = true;
  const ack = await emit("survey", data);
  survey.busy = false;
  if (ack.ok) {
    if (state.conv) state.conv.rated = true;
    showSurveyThanks(true);
  } else {
    showServerError(summaryHolder, ack.error, {rating: fieldset, comment}, "Your answer could not be sent. Please try again.");
  }
}

export function showSurveyThanks(moveFocus) {
  const holder = views.survey;
  if (!holder) return;
  holder.dataset.done = "yes";
  const thanks = el("p", {class: "thanks", tabindex: "-1"}, "Thank you for your feedback.");
  swap(holder, thanks, thanks);
  if (moveFocus) thanks.focus();
}

export function newChatButton() {
  return el("div", {class: "actions"}, el("button", {type: "button", class: "secondary", onclick: startOver}, "Start a new chat"));
}

function startOver() {
  forgetConversation();
  views.survey = null;
  views.prechat = null;
  render();
  ui.title.focus();
  if (state.socket) {  // a fresh connection without the old token
    state.socket.disconnect();
    state.socket.connect();
  }
}
