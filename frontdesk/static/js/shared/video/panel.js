// The video area of a chat (docs/video.md), one for the console and the widget alike: a "Join video"
// button with its hint, a line for problems, and once joined the two pictures, how the call is going,
// and the camera, microphone and "Leave video" buttons. The text chat stays beside it throughout.
//
// The page says what its buttons look like (`look`: hintId and hintText, the class names start, row,
// controls, problem, join and leave, joinContent, and any buttons `before` "Join video"), what the
// panel says (`texts`: status.connecting|connected|failed, left(), unsupported, loadFailed,
// media.denied|missing|busy|other, refused(ack)), and how it reaches the server:
//   situation()   -> {live, remoteLabel}: whether the chat can have video now, and the other side's picture's name
//   loadEngine()  -> a promise of the call engine (call.js: {startCall})
//   askToJoin()   -> a promise of the video_join ack
//   sendSignal(signal), role, twilioUrl: for startCall
//   canStay()     -> false when the chat went away while we were asking to join
//   beforeJoin()  -> called just before the call starts (the console leaves any other call)
//   onShow(joined) -> called whenever the panel is shown again, for what the page adds around it
import {el, setText} from "../dom.js";

// Why the camera and microphone could not be had: the key of the page's texts.media for it.
function mediaProblemKind(error) {
  const name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "missing";
  if (name === "NotReadableError") return "busy";
  return "other";
}

function canCall() {
  return navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === "function" && window.RTCPeerConnection;
}

export class VideoPanel {
  constructor(options) {
    this.options = options;
    this.joined = false;      // we have our camera and microphone and are in the call
    this.joining = false;
    this.connection = null;   // the call's connection (startCall, call.js) while we are in it
    this.build(options.look);
    this.showTrackButtons();
  }

  build(look) {
    this.hint = el("p", {class: "hint", id: look.hintId}, look.hintText || null);
    this.join = el("button", {type: "button", class: look.join || null, "aria-describedby": look.hintId,
      onclick: () => this.start()}, look.joinContent);
    this.problem = el("p", {class: look.problem, role: "alert"});
    this.remote = el("video", {class: "remote-video", "data-testid": "remote-video", playsinline: true, autoplay: true});
    this.local = el("video", {class: "local-video", "aria-label": "Your camera", playsinline: true, autoplay: true});
    this.local.muted = true;  // never play our own microphone back to us
    this.status = el("p", {class: "video-status", role: "status", tabindex: "-1"});
    this.camera = el("button", {type: "button", class: "secondary", onclick: () => this.toggleTrack("video")});
    this.mic = el("button", {type: "button", class: "secondary", onclick: () => this.toggleTrack("audio")});
    this.leaveButton = el("button", {type: "button", class: look.leave, text: "Leave video",
      onclick: () => this.leave(true, true)});
    this.stage = el("div", {class: "video-stage", hidden: true},
      el("div", {class: "video-frames"}, this.remote, this.local),
      this.status,
      el("div", {class: look.controls}, this.camera, this.mic, this.leaveButton));
    this.startBox = el("div", {class: look.start},
      el("div", {class: look.row}, look.before || [], this.join), this.hint);
    this.box = el("div", {class: "video", hidden: true}, this.startBox, this.problem, this.stage);
  }

  // Show what fits the chat now; leave the call when the chat can no longer have video.
  update() {
    const {live, remoteLabel} = this.options.situation();
    if (!live && (this.joined || this.joining)) this.leave(false, false);
    this.box.hidden = !live;
    this.startBox.hidden = this.joined;
    this.stage.hidden = !this.joined;
    this.remote.setAttribute("aria-label", remoteLabel);
    if (this.options.onShow) this.options.onShow(this.joined);
  }

  showProblem(text) { this.problem.textContent = text; }
  setStatus(text) { setText(this.status, text); }

  handleSignal(signal) {
    if (this.connection) this.connection.handleSignal(signal);
  }

  showTrackButtons() {
    const connection = this.connection;
    const cameraOn = !connection || connection.isCameraOn();
    this.camera.textContent = cameraOn ? "Turn camera off" : "Turn camera on";
    this.mic.textContent = !connection || connection.isMicrophoneOn() ? "Mute microphone" : "Unmute microphone";
    this.local.classList.toggle("is-off", !cameraOn);
  }

  toggleTrack(kind) {
    const connection = this.connection;
    if (!connection) return;
    if (kind === "video") connection.setCamera(!connection.isCameraOn());
    else connection.setMicrophone(!connection.isMicrophoneOn());
    this.showTrackButtons();
  }

  setJoining(joining) {
    this.joining = joining;
    if (joining) this.join.setAttribute("aria-disabled", "true");
    else this.join.removeAttribute("aria-disabled");
  }

  // "Join video": the engine, then our camera and microphone, then the server's room.
  async start() {
    if (this.joined || this.joining) return;
    const {texts} = this.options;
    this.showProblem("");
    if (!canCall()) {
      this.showProblem(texts.unsupported);
      return;
    }
    this.setJoining(true);
    let engine = null;
    let stream;
    try {
      engine = await this.options.loadEngine();
      stream = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
    } catch (error) {
      this.setJoining(false);
      this.showProblem(engine ? texts.media[mediaProblemKind(error)] : texts.loadFailed);
      return;
    }
    const answer = await this.options.askToJoin();
    this.setJoining(false);
    if (!answer.ok || !answer.video || !this.options.canStay()) {
      for (const track of stream.getTracks()) track.stop();
      const problem = texts.refused(answer);
      if (problem) this.showProblem(problem);
      return;
    }
    this.connect(engine, answer.video, stream);
  }

  connect(engine, join, stream) {
    const {options} = this;
    if (options.beforeJoin) options.beforeJoin();
    this.joined = true;
    this.connection = engine.startCall({
      role: options.role, join, localStream: stream, localVideo: this.local, remoteVideo: this.remote,
      sendSignal: options.sendSignal,
      onStatus: (state) => this.setStatus(state === "left" ? options.texts.left() : options.texts.status[state]),
      onLeft: () => this.leave(false, false),
      twilioUrl: options.twilioUrl,
    });
    this.showTrackButtons();
    this.update();
    this.status.focus();
  }

  // Leave the call: `tell` sends "bye" to the other side; `refocus` moves focus to "Join video".
  leave(tell, refocus) {
    const connection = this.connection;
    this.connection = null;
    this.joined = false;
    if (connection) connection.leave(tell);
    this.setStatus("");
    this.showTrackButtons();
    this.update();
    if (refocus && !this.box.hidden) this.join.focus();
  }
}
