// Video in a chat (docs/video.md): "Offer video" in an answered chat, then the video panel, which
// the widget has too (shared/video/panel.js). One call at a time; the text chat stays open.
import {el} from "../shared/dom.js";
import {capital} from "../shared/text.js";
import * as engine from "../shared/video/call.js";
import {VideoPanel} from "../shared/video/panel.js";
import {ask, tell} from "./connection.js";
import {setDetails} from "./details.js";
import {announce, errorText} from "./notices.js";
import {familyOf, isEnded, oneAtATime, state} from "./state.js";

const TEXTS = {
  status: {
    connecting: "Connecting video…",
    connected: "Video connected",
    failed: "The video call could not connect. Leave the video and join again, or carry on typing.",
  },
  unsupported: "This browser cannot make video calls here. Use a current browser over https.",
  media: {
    denied: "The browser did not let the console use your camera and microphone. Allow them for this site, then press Join video again.",
    missing: "No camera and microphone were found on this computer.",
    busy: "Your camera or microphone is in use by another program. Close it, then press Join video again.",
    other: "The video call could not start on this computer.",
  },
  refused: (answer) => (answer.ok ? "" : errorText(answer.error)),
};

export function buildVideo(pane) {
  const hintId = "video-hint-" + pane.key;
  pane.videoOffer = el("button", {type: "button", class: "secondary", text: "Offer video",
    "aria-describedby": hintId, onclick: () => offerVideo(pane)});
  pane.videoPanel = new VideoPanel({
    look: {hintId, start: "video-start", row: "button-row", controls: "button-row", problem: "field-error video-problem",
      leave: "danger-button", joinContent: "Join video", before: [pane.videoOffer]},
    texts: {...TEXTS, left: () => capital(familyOf(pane.chat)) + " has left the video call."},
    role: "advisor",
    twilioUrl: "/static/vendor/twilio-video.min.js",
    situation: () => ({
      live: pane.chat.status === "active" && !isEnded(pane.chat) && !pane.viewing,
      remoteLabel: "Video of " + familyOf(pane.chat),
    }),
    loadEngine: () => Promise.resolve(engine),
    askToJoin: () => ask("video_join", {chat: pane.id}),
    sendSignal: (signal) => tell("video_signal", {chat: pane.id, signal: signal}),
    canStay: () => state.panes.has(pane.id),
    beforeJoin: () => {  // one call at a time
      for (const other of state.panes.values()) if (other !== pane && other.videoPanel.joined) other.videoPanel.leave(true, false);
    },
    onShow: (joined) => showAround(pane, joined),
  });
  return pane.videoPanel.box;
}

// What the console adds around the panel: "Offer video" until the chat is a video chat, the hint.
function showAround(pane, joined) {
  const chat = pane.chat;
  pane.videoOffer.hidden = !!chat.video;
  pane.videoPanel.join.hidden = !chat.video;
  pane.videoPanel.hint.textContent = chat.video
    ? capital(familyOf(chat)) + " asked for video, or you offered it. You will both see and hear each other; the text chat stays open."
    : "Offer a video call if seeing each other would help. The family can join or carry on typing.";
  pane.panel.classList.toggle("in-video", joined);
}

export function showVideo(pane) {
  if (pane.videoPanel) pane.videoPanel.update();
}

// Leave the call: `tell` sends "bye" to the family; `refocus` moves focus to "Join video".
export function leaveVideo(pane, tellFamily, refocus) {
  if (pane.videoPanel) pane.videoPanel.leave(tellFamily, refocus);
}

export function videoSignal(data) {
  const pane = data && state.panes.get(data.chat);
  if (pane && data.signal && pane.videoPanel) pane.videoPanel.handleSignal(data.signal);
}

function offerVideo(pane) {
  return oneAtATime("offer_video:" + pane.id, async () => {
    pane.videoPanel.showProblem("");
    const answer = await ask("offer_video", {chat: pane.id});
    if (!answer.ok) {
      pane.videoPanel.showProblem(errorText(answer.error));
      return;
    }
    if (answer.chat) setDetails(pane, answer.chat);
    pane.videoPanel.join.focus();
    announce("Video offered to " + familyOf(pane.chat) + ".");
  });
}
