// A peer-to-peer (WebRTC) video call, signalled through the chat's Socket.IO connection
// (video_signal, docs/video.md). The family says "ready" (again on the advisor's "hello"), the
// advisor makes the offer; offers, answers and candidates carry the offer's `id`, so that a late
// signal for an earlier offer is dropped.
import {newClientId} from "../ids.js";

export class PeerToPeer {
  // call: {advisor, local (our MediaStream), status(state), remote(stream or null), send(signal)}
  constructor(call) {
    this.call = call;
    this.pc = null;        // the RTCPeerConnection
    this.offerId = null;   // the offer the connection is for (the advisor's, made or answered)
    this.early = [];       // ICE candidates that came before the other side's description
  }

  close() {
    const pc = this.pc;
    if (pc) {
      pc.onicecandidate = null;
      pc.ontrack = null;
      pc.onconnectionstatechange = null;
      pc.close();
    }
    this.pc = null;
    this.offerId = null;
    this.early = [];
    this.call.remote(null);
  }

  // A fresh connection for the offer `id`, carrying our camera and microphone.
  open(id) {
    this.close();
    const call = this.call;
    call.status("connecting");
    const peer = new RTCPeerConnection({iceServers: []});
    this.pc = peer;
    this.offerId = id;
    for (const track of call.local.getTracks()) peer.addTrack(track, call.local);
    peer.ontrack = (event) => call.remote(event.streams[0] || new MediaStream([event.track]));
    peer.onicecandidate = (event) => {
      if (event.candidate) call.send({type: "candidate", candidate: event.candidate.toJSON(), id});
    };
    peer.onconnectionstatechange = () => {
      if (this.pc !== peer) return;
      if (peer.connectionState === "connected") call.status("connected");
      else if (peer.connectionState === "failed") call.status("failed");
    };
    return peer;
  }

  async addEarlyCandidates(peer) {
    const waiting = this.early;
    this.early = [];
    for (const candidate of waiting) await peer.addIceCandidate(candidate).catch(() => {});
  }

  // The family's side: hello -> ready; offer -> answer.
  async familySignal(signal) {
    if (signal.type === "hello") {
      this.close();  // the advisor (re)joined: start afresh
      this.call.status("connecting");
      this.call.send({type: "ready"});
    } else if (signal.type === "offer" && typeof signal.sdp === "string") {
      const peer = this.open(signal.id || null);
      await peer.setRemoteDescription({type: "offer", sdp: signal.sdp});
      if (this.pc !== peer) return;
      await this.addEarlyCandidates(peer);
      await peer.setLocalDescription(await peer.createAnswer());
      if (this.pc !== peer) return;
      this.call.send({type: "answer", sdp: peer.localDescription.sdp, id: this.offerId});
    }
  }

  // The advisor's side: ready -> our offer; answer.
  async advisorSignal(signal) {
    if (signal.type === "ready") {
      if (this.pc && this.pc.signalingState === "have-local-offer") return;  // an offer is on its way
      const id = newClientId();
      const peer = this.open(id);
      await peer.setLocalDescription(await peer.createOffer());
      if (this.pc !== peer) return;
      this.call.send({type: "offer", sdp: peer.localDescription.sdp, id});
    } else if (signal.type === "answer" && typeof signal.sdp === "string") {
      const peer = this.pc;
      if (!peer || peer.signalingState !== "have-local-offer" || (signal.id && signal.id !== this.offerId)) return;
      await peer.setRemoteDescription({type: "answer", sdp: signal.sdp});
      await this.addEarlyCandidates(peer);
    }
  }

  async candidate(signal) {
    const pc = this.pc;
    if (this.call.advisor ? !pc || (signal.id && signal.id !== this.offerId)
      : signal.id && this.offerId && signal.id !== this.offerId) return;  // for an earlier offer
    if (pc && pc.remoteDescription) await pc.addIceCandidate(signal.candidate).catch(() => {});
    else this.early.push(signal.candidate);
  }

  async handle(signal) {
    try {
      if (signal.type === "candidate" && signal.candidate) {
        await this.candidate(signal);
      } else if (signal.type === "bye") {
        this.close();
        this.call.status("left");
      } else if (this.call.advisor) {
        await this.advisorSignal(signal);
      } else {
        await this.familySignal(signal);
      }
    } catch (err) {
      this.call.status("failed");
    }
  }
}
