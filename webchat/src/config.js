// Where the widget runs, from the <script> tag that loaded it: document.currentScript is there only
// while the bundle first runs, so it is read now. `site` is "" when the tag has no data-site.
const script = document.currentScript;

export const site = (script && script.dataset.site) || "";
export const origin = site ? new URL(script.src, document.baseURI).origin : "";

export const MAX_TEXT = 2000;
export const TYPING_IDLE_MS = 3000;
export const TYPING_REPEAT_MS = 5000;
export const ACK_TIMEOUT_MS = 20000;
