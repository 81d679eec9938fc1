// The Frontdesk chat widget. A partner site embeds it with one tag (see docs/chat.md):
//   <script src="https://FRONTDESK/webchat/widget.js" data-site="SITE_KEY" defer></script>
// It draws a launcher and a chat panel inside a shadow root, so the partner's styles and ours never
// mix, and talks to the Frontdesk over Socket.IO (namespace /chat).
// Anything that came from the server or from the family is set as text, never as HTML.
//
// This is the bundle's entry: `npm run build` (run by scripts/demo and scripts/test) makes
// webchat/static/widget.js from it and the modules it imports, with esbuild.
import {site} from "./config.js";
import {connect} from "./connection.js";
import {maybeSendRead} from "./conversation.js";
import {buildFrame, ui} from "./frame.js";
import {loadState, state} from "./state.js";

function boot() {
  if (document.querySelector(`[data-frontdesk-chat="${CSS.escape(site)}"]`)) return;  // embedded twice
  document.body.append(ui.host);
  if (state.token) connect().catch(() => {});
}

if (!site) {
  console.error("Frontdesk chat: the <script> tag needs a data-site attribute with your site key.");
} else {
  loadState();
  buildFrame();
  document.addEventListener("visibilitychange", maybeSendRead);
  if (document.body) boot(); else document.addEventListener("DOMContentLoaded", boot);
}
