// Video in the widget (docs/video.md): the video panel the console has too, shown in an answered
// video chat; the call engine is loaded on the first "Join video" (webchat/static/widget-video.js).
import {el} from "../../frontdesk/static/js/shared/dom.js";
import {capitalised} from "../../frontdesk/static/js/shared/text.js";
import {VideoPanel} from "../../frontdesk/static/js/shared/video/panel.js";
import {origin} from "./config.js";
import {emit} from "./connection.js";
import {ui} from "./frame.js";
import {CAMERA_ICON, svgIcon} from "./icons.js";
import {lazyImport} from "./lazy.js";
import {parts, state} from "./state.js";

const TEXTS = {
  status: {
    connecting: "Connecting video…",
    connected: "Video connected",
    failed: "The video call could not connect. You can carry on typing, or leave the video and join again.",
  },
  unsupported: "This browser cannot make video calls on this page. You can carry on typing.",
  loadFailed: "The video call could not load. Please check your internet " +
    "connection, then press Join video again. You can carry on typing.",
  media: {
    denied: "Your browser did not let us use your camera and microphone. To join the video call, allow them " +
      "for this website in your browser's settings, then press Join video again. You can carry on typing.",
    missing: "We could not find a camera and microphone on this device. You can carry on typing.",
    busy: "Your camera or microphone is being used by another app. Close it, then press Join video again. You can carry on typing.",
    other: "The video call could not start on this device. You can carry on typing.",
  },
  refused: (ack) => capitalised(ack.error && ack.error.message, "The video call could not start.") + " You can carry on typing.",
  left: () => `${advisorFirstName() || "Your advisor"} has left the video call.`,
};

function advisorFirstName() {
  const conv = state.conv;
  return (conv && conv.advisor && conv.advisor.first_name) || "";
}

export function videoView() {
  parts.video = new VideoPanel({
    look: {hintId: "fd-video-join-hint", hintText: "You and your advisor will see and hear each other. You can carry on typing too.",
      start: "video-offer", row: "actions", controls: "actions video-controls", problem: "video-problem",
      join: "primary", leave: "danger", joinContent: [svgIcon(CAMERA_ICON), el("span", {}, "Join video")]},
    texts: TEXTS,
    role: "family",
    twilioUrl: origin + "/static/vendor/twilio-video.min.js",
    situation: () => {
      const name = advisorFirstName();
      return {live: Boolean(state.conv && state.conv.video && state.conv.status === "active"),
        remoteLabel: name ? "Video of " + name : "Video of your advisor"};
    },
    loadEngine: () => lazyImport(origin + "/webchat/widget-video.js"),
    askToJoin: () => emit("video_join", {}),
    sendSignal: (signal) => { if (state.socket && state.socket.connected) state.socket.emit("video_signal", {signal}, () => {}); },
    canStay: () => true,
    onShow: (joined) => ui.frame.classList.toggle("in-video", joined),
  });
  return parts.video.box;
}

// Whenever the conversation changes: "Join video" in an answered video chat, and the call left
// when the chat is no longer answered.
export function updateVideo() {
  if (parts.video) parts.video.update();
}

// Leave the call: `tell` sends "bye" to the advisor.
export function leaveVideo(tell) {
  if (parts.video) parts.video.leave(tell, false);
}
