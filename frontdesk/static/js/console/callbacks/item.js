// One callback request in the list: what is known about it, its voicemail, who holds it, and the
// buttons and form for what the advisor can do with it now.
import {el, setText, timeEl} from "../../shared/dom.js";
import {capital} from "../../shared/text.js";
import {dayAndClock} from "../../shared/time.js";
import {fact} from "../context.js";
import {hideFieldError} from "../field_errors.js";
import {announce} from "../notices.js";
import {forAnotherService} from "../state.js";
import {callBack, claimCallback, releaseCallback, saveOutcome, showNumber} from "./actions.js";
import {callbacks} from "./store.js";
import {
  MANUAL_OUTCOMES, REASONS, callbackArea, callbackWhat, channelOf, isMe, isMine, lastTry, ownUrl, seconds,
} from "./words.js";

export function makeCallback(id) {
  callbacks.count += 1;
  const key = "cb" + callbacks.count;
  const entry = {id: id, key: key, cb: null, noCalls: false, audio: null, playerError: null};

  entry.heading = el("h4", {class: "callback-title", id: key + "-title", tabindex: "-1"});
  entry.tags = el("p", {class: "callback-tags"});
  entry.facts = el("dl", {class: "facts callback-facts"});
  entry.player = el("div", {class: "callback-player"});
  entry.claim = el("p", {class: "callback-claim"});
  entry.calling = el("p", {class: "callback-calling", role: "status"});
  entry.hint = el("p", {class: "callback-hint", hidden: true});

  entry.claimButton = el("button", {type: "button", text: "Claim", onclick: () => claimCallback(id)});
  entry.callButton = el("button", {type: "button", text: "Call back", onclick: () => callBack(id)});
  entry.releaseButton = el("button", {type: "button", class: "secondary", text: "Release",
    onclick: () => releaseCallback(id)});
  // The full number is only for the advisor holding the request, and only when asked for.
  entry.numberButton = el("button", {type: "button", class: "secondary", text: "Show the number",
    onclick: () => showNumber(id)});
  entry.number = el("p", {class: "callback-number", hidden: true});
  entry.actions = el("div", {class: "button-row callback-actions"},
    entry.claimButton, entry.callButton, entry.numberButton, entry.releaseButton);
  makeOutcomeForm(entry);

  entry.li = el("li", {class: "callback"},
    el("div", {class: "callback-head"}, entry.heading, entry.tags),
    entry.facts, entry.player, entry.claim, entry.calling, entry.hint, entry.number, entry.actions, entry.form);
  return entry;
}

// "Record the outcome": for a call made from the advisor's own phone, an email, or anything else.
function makeOutcomeForm(entry) {
  const outcomeId = entry.key + "-outcome";
  const noteId = entry.key + "-note";
  const formHeadingId = entry.key + "-record";
  entry.outcome = el("select", {id: outcomeId, required: true});
  entry.outcome.replaceChildren(el("option", {value: "", text: "Choose how it went"}),
    ...MANUAL_OUTCOMES.map(([value, text]) => el("option", {value: value, text: text})));
  entry.outcome.addEventListener("change", () => hideFieldError(entry.outcome, entry.outcomeError));
  entry.outcomeError = el("p", {class: "field-error", id: outcomeId + "-error", hidden: true});
  entry.note = el("textarea", {id: noteId, rows: "2", maxlength: "1000"});
  entry.saveButton = el("button", {type: "submit", text: "Save outcome"});
  entry.form = el("form", {class: "callback-form", novalidate: true, "aria-labelledby": formHeadingId,
    onsubmit: (event) => { event.preventDefault(); saveOutcome(entry.id); }},
    el("h5", {id: formHeadingId, text: "Record the outcome"}),
    el("div", {class: "field"}, el("label", {for: outcomeId, text: "How it went"}), entry.outcomeError, entry.outcome),
    el("div", {class: "field"}, el("label", {for: noteId, text: "Note (optional)"}), entry.note),
    entry.saveButton);
}

export function fillCallback(entry, cb) {
  const before = entry.cb;
  entry.cb = cb;
  const mine = isMine(cb);
  const area = cb.area ? capital(cb.area) : "Area not known";

  entry.li.classList.toggle("is-mine", mine && cb.status !== "open");
  entry.li.classList.toggle("is-held", !mine && cb.status !== "open");
  entry.heading.textContent = area + " · " + (cb.topic_label || "Topic not given");
  fillTags(entry, cb, mine);
  fillFacts(entry, cb);
  fillPlayer(entry, cb);
  fillClaim(entry, cb, mine);
  announceCallEnded(before, cb);
  fillActions(entry, cb, mine);
  nameButtons(entry, callbackWhat(cb));
}

function fillTags(entry, cb, mine) {
  const tags = [el("span", {class: "tag tag-channel", text: channelOf(cb)})];
  if (cb.status === "calling") tags.push(el("span", {class: "tag tag-new", text: "Calling"}));
  else if (mine) tags.push(el("span", {class: "tag tag-new", text: "Yours"}));
  else if (cb.status === "claimed") tags.push(el("span", {class: "tag tag-muted", text: "Claimed"}));
  entry.tags.replaceChildren(...tags.flatMap((tag, i) => (i ? [" ", tag] : [tag])));
}

function fillFacts(entry, cb) {
  const facts = el("dl", {class: "facts callback-facts"});
  fact(facts, "Why", REASONS[cb.reason] || capital(String(cb.reason || "not known").replace(/_/g, " ")));
  if (cb.created_at) fact(facts, "Left", timeEl(cb.created_at, dayAndClock(cb.created_at)));
  if (cb.due_at) fact(facts, "Due", timeEl(cb.due_at, dayAndClock(cb.due_at)));
  if (forAnotherService(cb)) fact(facts, "For", cb.service_name);
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
  if (cb.next_try_at) fact(facts, "Next try", timeEl(cb.next_try_at, "from " + dayAndClock(cb.next_try_at)));
  if (cb.message) fact(facts, "Message", el("span", {class: "callback-message", text: cb.message}));
  entry.facts.replaceChildren(...facts.childNodes);
}

// The player is kept between updates, so a list change never stops a voicemail being played. It
// plays from this desk, which fetches the recording from Twilio and logs each playing; where there
// is no recording to play (no Twilio here), it says so instead of showing an empty player.
function fillPlayer(entry, cb) {
  const recording = cb.recording;
  const url = recording ? ownUrl(recording.url) : null;
  if (!url) {
    if (entry.audio) entry.audio.pause();
    entry.audio = null;
    entry.player.replaceChildren(...(recording ? [el("p", {class: "callback-hint", text: voicemailWords(cb)
      + ": the recording is not available here (Twilio is not set up on this desk)."})] : []));
    entry.player.hidden = !recording;
    return;
  }
  if (!entry.audio) {
    entry.audio = el("audio", {controls: true, preload: "none", src: url, onerror: () => playerFailed(entry)},
      el("a", {href: url, text: "Download the voicemail"}));
    entry.playerError = el("p", {class: "field-error", role: "alert", hidden: true});
    entry.player.replaceChildren(entry.audio, entry.playerError);
  } else if (entry.audio.getAttribute("src") !== url) {
    entry.audio.setAttribute("src", url);
    entry.audio.querySelector("a").setAttribute("href", url);
  }
  entry.audio.setAttribute("aria-label", voicemailWords(cb));
  entry.player.hidden = false;
}

function voicemailWords(cb) {
  const duration = Number(cb.recording.duration_s);
  return "Voicemail from " + callbackArea(cb) + (Number.isFinite(duration) ? ", " + seconds(duration) : "");
}

function playerFailed(entry) {
  entry.playerError.hidden = false;
  setText(entry.playerError, "The voicemail could not be played: it may no longer be kept, or Twilio did not "
    + "send it. Try again in a moment.");
}

function fillClaim(entry, cb, mine) {
  const holder = cb.claimed_by ? cb.claimed_by.name : "another advisor";
  let claim;
  if (cb.status === "open") claim = "No one has claimed this yet.";
  else if (mine) claim = "You have claimed this.";
  else if (cb.status === "calling") claim = "Claimed by " + holder + ", who is calling the family now.";
  else claim = "Claimed by " + holder + ".";
  entry.claim.textContent = claim;
  setText(entry.calling, mine && cb.status === "calling" ? "Calling… your phone will ring first." : "");
}

function announceCallEnded(before, cb) {
  if (!(before && before.status === "calling" && cb.status !== "calling" && isMe(before.claimed_by))) return;
  let result = "Your call back to " + callbackArea(cb) + " has ended";
  result += cb.outcome && cb.outcome !== before.outcome ? ": " + lastTry(cb) + "." : ".";
  if (cb.status === "open" && cb.next_try_at) result += " It goes back on the list for another try later.";
  announce(result);
}

function fillActions(entry, cb, mine) {
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
}

function nameButtons(entry, what) {
  entry.claimButton.setAttribute("aria-label", "Claim callback from " + what);
  entry.callButton.setAttribute("aria-label", "Call back the family from " + what);
  entry.releaseButton.setAttribute("aria-label", "Release callback from " + what);
  entry.numberButton.setAttribute("aria-label", "Show the number of the family from " + what);
  entry.saveButton.setAttribute("aria-label", "Save outcome for the callback from " + what);
}
