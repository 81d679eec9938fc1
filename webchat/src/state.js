// What the widget holds: the conversation's token and state, the messages, the connection, and the
// views it has drawn (kept so that a re-render changes only what changed).
import {site} from "./config.js";
import {storage} from "./storage.js";

export const stores = {
  conversation: null,  // the conversation now (frontdesk.chat.<site>)
  // This browser's family token, kept across conversations so an advisor sees the family's earlier chats.
  family: null,        // frontdesk.family.<site>
};

export const state = {
  token: null,
  socket: null,
  conv: null,             // the conversation as the server last sent it
  messages: [],           // server messages in id order, then our own still being sent
  readUpto: 0,            // the advisor has read the family's messages up to this id
  lastReadSent: 0,
  refused: false,         // the server refused this site or origin
  isOpen: false,
  resuming: false,        // reopen the panel by itself if the chat is still going
  everConnected: false,
  serverKicks: 0,
  familyName: "",
  topics: null,
};

// The views drawn so far (null until drawn, or once they are gone).
export const views = {prechat: null, conversation: null, refused: null, loading: null, survey: null};

// The parts of the conversation view that change.
export const parts = {
  statusBox: null, statusMain: null, statusQueue: null, signBox: null, log: null, typing: null, actions: null,
  mode: null,             // what the actions area shows: "live", "offline", "left_message" or "ended"
  video: null,            // the video panel (VideoPanel)
  messageNodes: new Map(),  // message entry -> its element parts
};

export function loadState() {
  stores.conversation = storage("frontdesk.chat." + site);
  stores.family = storage("frontdesk.family." + site);
  state.token = stores.conversation.get();
  state.resuming = Boolean(state.token);
}
