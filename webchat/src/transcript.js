// "Download the conversation": the messages as a text file, in UK time.
import {el} from "../../frontdesk/static/js/shared/dom.js";
import {formatClock, formatLongDay, isoDay} from "../../frontdesk/static/js/shared/time.js";
import {ui} from "./frame.js";
import {clockText, timeOf, whoText} from "./log.js";
import {state} from "./state.js";

function transcriptText() {
  const now = new Date();
  const lines = ["Chat with the SEND advice helpline"];
  if (state.conv && state.conv.service_name) lines.push(state.conv.service_name);
  if (state.messages.length) lines.push("Chat on " + formatLongDay(timeOf(state.messages[0].at)));
  lines.push("Downloaded on " + formatLongDay(now) + " at " + formatClock(now) + " (UK time)", "");
  for (const m of state.messages) {
    if (m.state === "failed") continue;
    const [first, ...rest] = m.text.split(/\r?\n/);
    lines.push(`[${clockText(m.at)}] ${whoText(m)}: ${first}`);
    for (const more of rest) lines.push("    " + more);
  }
  return lines.join("\r\n") + "\r\n";
}

export function downloadTranscript() {
  const blob = new Blob([transcriptText()], {type: "text/plain;charset=utf-8"});
  const url = URL.createObjectURL(blob);
  const link = el("a", {href: url, download: `frontdesk-chat-${isoDay(new Date())}.txt`, hidden: true});
  ui.frame.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
