// What an advisor does with a callback request: claim it, see the number, call back (Twilio rings
// the advisor, then the family), record how it went, or release it for someone else.
import {byId, el} from "../../shared/dom.js";
import {dayAndClock} from "../../shared/time.js";
import {ask} from "../connection.js";
import {hideFieldError, showFieldError} from "../field_errors.js";
import {announce, clearProblem, showProblem} from "../notices.js";
import {oneAtATime} from "../state.js";
import {fillCallback} from "./item.js";
import {callbacks, updateCallback} from "./store.js";
import {MANUAL_OUTCOMES, callbackArea, callbackErrorText} from "./words.js";

// One press on a callback: once at a time, the server's error shown, its answer put in place.
// `then` gets the server's answer when it went through.
function onCallback(id, event, data, then) {
  return oneAtATime("cb-" + event + ":" + id, async () => {
    clearProblem();
    const answer = await ask(event, {callback: id, ...data});
    if (!answer.ok) {
      showProblem(callbackErrorText(answer.error));
      return;
    }
    if (answer.callback) updateCallback(answer.callback);
    then(answer);
  });
}

export function claimCallback(id) {
  return onCallback(id, "claim_callback", {}, () => {
    const entry = callbacks.entries.get(id);
    if (!entry) return;
    (!entry.callButton.hidden ? entry.callButton : !entry.form.hidden ? entry.outcome : entry.heading).focus();
    announce("You have claimed the callback from " + callbackArea(entry.cb) + ".");
  });
}

export function showNumber(id) {
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

export function releaseCallback(id) {
  return onCallback(id, "release_callback", {}, () => {
    const entry = callbacks.entries.get(id);
    if (!entry) return;
    (entry.claimButton.hidden ? entry.heading : entry.claimButton).focus();
    announce("You released the callback from " + callbackArea(entry.cb) + ". Another advisor can claim it now.");
  });
}

export function callBack(id) {
  return oneAtATime("cb-call:" + id, async () => {
    clearProblem();
    const answer = await ask("call_back", {callback: id});
    const entry = callbacks.entries.get(id);
    if (!answer.ok) {
      callRefused(entry, answer.error);
      return;
    }
    updateCallback(answer.callback);
    const after = callbacks.entries.get(id);
    if (after && entry && entry.callButton.hidden) after.heading.focus();
  });
}

function callRefused(entry, error) {
  const code = error && error.code;
  showProblem(callbackErrorText(error));
  if (code === "no_phone") {
    byId("my-phone-input").focus();
  } else if (entry && (code === "not_configured" || code === "no_family_phone")) {
    entry.noCalls = true;  // the manual form stays: call from your own phone, record how it went
    fillCallback(entry, entry.cb);
    entry.outcome.focus();
  }
}

export async function saveOutcome(id) {
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
  await onCallback(id, "callback_outcome", data, (answer) => {
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
