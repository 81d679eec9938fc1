// The connection side of a Frontdesk video call (docs/video.md), shared by the chat widget and the
// advisor console; the buttons, labels, status texts and <video> elements are the video panel's
// (panel.js).
//
//   const call = startCall({
//     role: "family" | "advisor",
//     join,               // the video object of the video_join ack: {mode: "p2p" | "twilio", room, token?}
//     localStream,        // our camera and microphone; the call stops its tracks when it is left
//     localVideo,         // the <video> (muted) that shows us
//     remoteVideo,        // the <video> that shows the other side
//     sendSignal,         // (signal) => pass a peer-to-peer signal to the other side (video_signal)
//     onStatus,           // ("connecting" | "connected" | "failed" | "left") => say how the call is going
//     onLeft,             // () => the call ended by itself (the Twilio room went away); call leave()
//     twilioUrl,          // where twilio-video.min.js is, loaded the first time Twilio is used
//   });
//   call.handleSignal(signal);  call.setCamera(on);  call.setMicrophone(on);
//   call.isCameraOn();  call.isMicrophoneOn();  call.leave(sendBye);
//
// After leave() the page hears nothing more from the call, and its two <video> elements show nothing.
import {PeerToPeer} from "./peer.js";
import {joinRoom, setRoomTracks} from "./twilio.js";

const byes = new Set();  // for each call in progress: say "bye" (peer-to-peer), as the page goes away
window.addEventListener("pagehide", () => { for (const sayBye of byes) sayBye(); });

function attach(video, stream) {
  if (video.srcObject !== stream) video.srcObject = stream;
  if (!stream) return;
  const played = video.play();
  if (played && played.catch) played.catch(() => { /* autoplay waits for the next press */ });
}

class Call {
  constructor(options) {
    this.options = options;
    this.advisor = options.role === "advisor";
    this.local = options.localStream;
    this.mode = options.join.mode;
    this.ended = false;
    this.room = null;  // twilio: the connected Room
    this.peer = new PeerToPeer(this);
    this.sayBye = () => { if (this.mode === "p2p") this.send({type: "bye"}); };
  }

  status(state) { if (!this.ended) this.options.onStatus(state); }
  remote(stream) { if (!this.ended) attach(this.options.remoteVideo, stream); }
  send(signal) { if (!this.ended) this.options.sendSignal(signal); }
  onLeft() { this.options.onLeft(); }

  start() {
    byes.add(this.sayBye);
    attach(this.options.localVideo, this.local);
    this.remote(null);
    this.status("connecting");
    if (this.mode === "twilio") joinRoom(this, this.options.join, this.options.twilioUrl).catch(() => this.status("failed"));
    else this.send({type: this.advisor ? "hello" : "ready"});
  }

  async handleSignal(signal) {
    if (this.ended || this.mode !== "p2p" || !signal) return;
    await this.peer.handle(signal);
  }

  setTracks(kind, on) {
    const tracks = kind === "video" ? this.local.getVideoTracks() : this.local.getAudioTracks();
    for (const track of tracks) track.enabled = on;
    if (this.room) setRoomTracks(this.room, kind, on);
  }

  // Leave the call: `sendBye` tells the other side (peer-to-peer; Twilio tells them itself).
  leave(sendBye) {
    if (this.ended) return;
    if (sendBye) this.sayBye();
    this.peer.close();
    this.ended = true;
    byes.delete(this.sayBye);
    if (this.room) {
      const joined = this.room;
      this.room = null;
      joined.disconnect();
    }
    for (const track of this.local.getTracks()) track.stop();
    attach(this.options.localVideo, null);
    attach(this.options.remoteVideo, null);
  }
}

function isOn(tracks) { return !tracks[0] || tracks[0].enabled; }

export function startCall(options) {
  const call = new Call(options);
  call.start();
  return {
    handleSignal: (signal) => call.handleSignal(signal),
    leave: (sendBye) => call.leave(sendBye),
    setCamera: (on) => call.setTracks("video", on),
    setMicrophone: (on) => call.setTracks("audio", on),
    isCameraOn: () => isOn(call.local.getVideoTracks()),
    isMicrophoneOn: () => isOn(call.local.getAudioTracks()),
  };
}
