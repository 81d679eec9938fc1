// A video call in a Twilio Video room (docs/video.md), with the twilio-video SDK, loaded from
// `url` the first time a page uses Twilio (it is big, and most calls never need it).

const scripts = new Map();  // twilio-video.min.js address -> the promise of Twilio.Video

function twilioVideo(url) {
  if (window.Twilio && window.Twilio.Video) return Promise.resolve(window.Twilio.Video);
  let pending = scripts.get(url);
  if (pending) return pending;
  pending = new Promise((resolve, reject) => {
    const tag = Object.assign(document.createElement("script"), {src: url, async: true});
    const failed = () => {
      scripts.delete(url);
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
  scripts.set(url, pending);
  return pending;
}

// Connect the call to its room and show whoever else is in it. call: {local, ended, room,
// status(state), remote(stream or null), onLeft()}; call.room is the connected Room.
export async function joinRoom(call, join, url) {
  const Video = await twilioVideo(url);
  if (call.ended) return;
  const joined = await Video.connect(join.token, {name: join.room, tracks: call.local.getTracks()});
  if (call.ended) { joined.disconnect(); return; }
  call.room = joined;
  const stream = new MediaStream();
  function subscribed(track) {
    if (!track.mediaStreamTrack || call.room !== joined) return;
    stream.addTrack(track.mediaStreamTrack);
    call.remote(stream);
    call.status("connected");
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
    if (call.room !== joined) return;
    for (const track of stream.getTracks()) stream.removeTrack(track);
    call.remote(null);
    call.status("left");
  });
  joined.on("disconnected", () => { if (call.room === joined && !call.ended) call.onLeft(); });
}

// Turn our camera or microphone on or off in the room too, so the other side sees it is off.
export function setRoomTracks(room, kind, on) {
  const pubs = kind === "video" ? room.localParticipant.videoTracks : room.localParticipant.audioTracks;
  pubs.forEach((pub) => { if (pub.track) { if (on) pub.track.enable(); else pub.track.disable(); } });
}
