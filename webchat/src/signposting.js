// Phone numbers in the emergency signposting become tel: links (and "text SHOUT to 85258" an sms: link).
import {el} from "../../frontdesk/static/js/shared/dom.js";

const NUMBERS = /\b(999|111|116 ?123|0[1-9]\d{2} ?\d{3} ?\d{4})\b|\btext (\w+) to (\d{5})\b/gi;

export function linkedText(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(NUMBERS)) {
    nodes.push(text.slice(last, match.index));
    if (match[1]) {
      nodes.push(el("a", {href: "tel:" + match[1].replace(/\s/g, "")}, match[1]));
    } else {
      nodes.push(`text ${match[2]} to `, el("a", {href: `sms:${match[3]}?&body=${encodeURIComponent(match[2])}`}, match[3]));
    }
    last = match.index + match[0].length;
  }
  nodes.push(text.slice(last));
  return nodes.filter((n) => n !== "");
}
