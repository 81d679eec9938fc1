// The connection side of a Frontdesk video call (docs/video.md), shared by the chat widget and the
// advisor console. It defines one global, window.FrontdeskVideo; the buttons, labels, status texts
// and <video> elements stay with the page that uses it.
//
//   const call = FrontdeskVideo.startCall({
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
// Peer-to-peer, the family says "ready" (again on the advisor's "hello"), the advisor makes the
// offer; offers, answers and candidates carry the offer's `id`, so that a late signal for an
// earlier offer is dropped. After leave() the page hears nothing more from the call, and its two
// <video> elements show nothing.
(function () {
  "use strict";

  if (window.FrontdeskVideo) return;

  const byes = new Set();  // for each call in progress: say "bye" (peer-to-peer), as the page goes away
  const twilioScripts = new Map();  // twilio-video.min.js address -> the promise of Twilio.Video

  function randomId() {
    const crypto = window.crypto;
    if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function attach(video, stream) {
    if (video.srcObject !== stream) video.srcObject = stream;
    if (!stream) return;
    const played = video.play();
    if (played && played.catch) played.catch(() => { /* autoplay waits for the next press */ });
  }

  function twilioVideo(url) {
    if (window.Twilio && window.Twilio.Video) return Promise.resolve(window.Twilio.Video);
    let pending = twilioScripts.get(url);
    if (pending) return pending;
    pending = new Promise((resolve, reject) => {
      const tag = Object.assign(document.createElement("script"), {src: url, async: true});
      const failed = () => {
        twilioScripts.delete(url);
        tag.remove();
        reject(new Error("twilio-video did not load"));
      };
      tag.addEventListener("error", failed);
      tag.addEventListener("load", () => {
        if (window.Twilio && window.Twilio.Video) resolve(window.Twilio.Video);
        else failed();
      });
      document.head.append(tag);
    });
    twilioScripts.set(url, pending);
    return pending;
  }

  function startCall(options) {
    const advisor = options.role === "advisor";
    const local = options.localStream;
    const mode = options.join.mode;
    let ended = false;
    let pc = null;        // p2p: the RTCPeerConnection
    let offerId = null;   // p2p: the offer the connection is for (the advisor's, made or answered)
    let early = [];       // p2p: ICE candidates that came before the other side's description
    let room = null;      // twilio: the connected Room

    const status = (state) => { if (!ended) options.onStatus(state); };
    const remote = (stream) => { if (!ended) attach(options.remoteVideo, stream); };
    const send = (signal) => { if (!ended) options.sendSignal(signal); };

    function closePeer() {
      if (pc) {
        pc.onicecandidate = null;
        pc.ontrack = null;
        pc.onconnectionstatechange = null;
        pc.close();
      }
      pc = null;
      offerId = null;
      early = [];
      remote(null);
    }

    // A fresh connection for the offer `id`, carrying our camera and microphone.
    function openPeer(id) {
      closePeer();
      status("connecting");
      const peer = new RTCPeerConnection({iceServers: []});
      pc = peer;
      offerId = id;
      for (const track of local.getTracks()) peer.addTrack(track, local);
      peer.ontrack = (event) => remote(event.streams[0] || new MediaStream([event.track]));
      peer.onicecandidate = (event) => {
        if (event.candidate) send({type: "candidate", candidate: event.candidate.toJSON(), id});
      };
      peer.onconnectionstatechange = () => {
        if (pc !== peer) return;
        if (peer.connectionState === "connected") status("connected");
        else if (peer.connectionState === "failed") status("failed");
      };
      return peer;
    }

    async function addEarlyCandidates(peer) {
      const waiting = early;
      early = [];
      for (const candidate of waiting) await peer.addIceCandidate(candidate).catch(() => {});
    }

    // The family's side: hello -> ready; offer -> answer.
    async function familySignal(signal) {
      if (signal.type === "hello") {
        closePeer();  // the advisor (re)joined: start afresh
        status("connecting");
        send({type: "ready"});
      } else if (signal.type === "offer" && typeof signal.sdp === "string") {
        const peer = openPeer(signal.id || null);
        await peer.setRemoteDescription({type: "offer", sdp: signal.sdp});
        if (pc !== peer) return;
        await addEarlyCandidates(peer);
        await peer.setLocalDescription(await peer.createAnswer());
        if (pc !== peer) return;
        send({type: "answer", sdp: peer.localDescription.sdp, id: offerId});
      }
    }

    // The advisor's side: ready -> our offer; answer.
    async function advisorSignal(signal) {
      if (signal.type === "ready") {
        if (pc && pc.signalingState === "have-local-offer") return;  // an offer is on its way
        const id = randomId();
        const peer = openPeer(id);
        await peer.setLocalDescription(await peer.createOffer());
        if (pc !== peer) return;
        send({type: "offer", sdp: peer.localDescription.sdp, id});
      } else if (signal.type === "answer" && typeof signal.sdp === "string") {
        const peer = pc;
        if (!peer || peer.signalingState !== "have-local-offer" || (signal.id && signal.id !== offerId)) return;
        await peer.setRemoteDescription({type: "answer", sdp: signal.sdp});
        await addEarlyCandidates(peer);
      }
    }

    async function handleSignal(signal) {
      if (ended || mode !== "p2p" || !signal) return;
      try {
        if (signal.type === "candidate" && signal.candidate) {
          if (advisor ? !pc || (signal.id && signal.id !== offerId)
            : signal.id && offerId && signal.id !== offerId) return;  // for an earlier offer
          if (pc && pc.remoteDescription) await pc.addIceCandidate(signal.candidate).catch(() => {});
          else early.push(signal.candidate);
        } else if (signal.type === "bye") {
          closePeer();
          status("left");
        } else if (advisor) {
          await advisorSignal(signal);
        } else {
          await familySignal(signal);
        }
      } catch (err) {
        status("failed");
      }
    }

    async function joinTwilio() {
      const Video = await twilioVideo(options.twilioUrl);
      if (ended) return;
      const joined = await Video.connect(options.join.token, {name: options.join.room, tracks: local.getTracks()});
      if (ended) { joined.disconnect(); return; }
      room = joined;
      const stream = new MediaStream();
      function subscribed(track) {
        if (!track.mediaStreamTrack || room !== joined) return;
        stream.addTrack(track.mediaStreamTrack);
        remote(stream);
        status("connected");
      }
      function unsubscribed(track) {
        if (track.mediaStreamTrack) stream.removeTrack(track.mediaStreamTrack);
      }
      function participant(p) {
        p.tracks.forEach((pub) => { if (pub.track) subscribed(pub.track); });
        p.on("trackSubscribed", subscribed);
        p.on("trackUnsubscribed", unsubscribed);
      }
      joined.participants.forEach(participant);
      joined.on("participantConnected", participant);
      joined.on("participantDisconnected", () => {
        if (room !== joined) return;
        for (const track of stream.getTracks()) stream.removeTrack(track);
        remote(null);
        status("left");
      });
      joined.on("disconnected", () => { if (room === joined && !ended) options.onLeft(); });
    }

    function setTracks(kind, on) {
      const tracks = kind === "video" ? local.getVideoTracks() : local.getAudioTracks();
      for (const track of tracks) track.enabled = on;
      if (room) {  // Twilio: tell the other side too, so they see the camera is off
        const pubs = kind === "video" ? room.localParticipant.videoTracks : room.localParticipant.audioTracks;
        pubs.forEach((pub) => { if (pub.track) { if (on) pub.track.enable(); else pub.track.disable(); } });
      }
    }

    function isOn(tracks) { return !tracks[0] || tracks[0].enabled; }

    function sayBye() { if (mode === "p2p") send({type: "bye"}); }

    // Leave the call: `sendBye` tells the other side (peer-to-peer; Twilio tells them itself).
    function leave(sendBye) {
      if (ended) return;
      if (sendBye) sayBye();
      closePeer();
      ended = true;
      byes.delete(sayBye);
      if (room) {
        const joined = room;
        room = null;
        joined.disconnect();
      }
      for (const track of local.getTracks()) track.stop();
      attach(options.localVideo, null);
      attach(options.remoteVideo, null);
    }

    byes.add(sayBye);
    attach(options.localVideo, local);
    remote(null);
    status("connecting");
    if (mode === "twilio") joinTwilio().catch(() => status("failed"));
    else send({type: advisor ? "hello" : "ready"});
    return {
      handleSignal,
      leave,
      setCamera: (on) => setTracks("video", on),
      setMicrophone: (on) => setTracks("audio", on),
      isCameraOn: () => isOn(local.getVideoTracks()),
      isMicrophoneOn: () => isOn(local.getAudioTracks()),
    };
  }

  window.addEventListener("pagehide", () => { for (const sayBye of byes) sayBye(); });

  window.FrontdeskVideo = {startCall};
})();
