// Form fields in the GOV.UK style: label, hint, error message, control; the error summary at the
// top of a form; and the server's refusal shown on its field.
import {el} from "../../frontdesk/static/js/shared/dom.js";
import {capitalised} from "../../frontdesk/static/js/shared/text.js";

// A field: block._control is the control, block._error its error message, block._hint its hint.
export function fieldBlock({id, label, hint, control, labelClass}) {
  const hintEl = hint ? el("p", {class: "hint", id: id + "-hint"}, hint) : null;
  const errorEl = el("p", {class: "error-message", id: id + "-error", hidden: true});
  control.id = id;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  const block = el("div", {class: "field"}, el("label", {for: id, class: labelClass || "label"}, label), hintEl, errorEl, control);
  block._control = control;
  block._error = errorEl;
  block._hint = hintEl;
  return block;
}

export function setFieldError(block, text) {
  const group = block.tagName === "FIELDSET";  // radio groups: the fieldset carries the description
  const described = group ? block : block._control;
  const describedBy = [block._hint && block._hint.id, text ? block._error.id : null].filter(Boolean).join(" ");
  if (describedBy) described.setAttribute("aria-describedby", describedBy); else described.removeAttribute("aria-describedby");
  block.classList.toggle("has-error", Boolean(text));
  block._error.hidden = !text;
  block._error.replaceChildren(...(text ? [el("span", {class: "visually-hidden"}, "Error: "), text] : []));
  if (group) return;
  if (text) block._control.setAttribute("aria-invalid", "true"); else block._control.removeAttribute("aria-invalid");
}

// Each field's error (a Map of block -> text, "" or none for no error); returns the problems for
// the summary, in the blocks' order.
export function showFieldErrors(blocks, errors) {
  const problems = [];
  for (const block of blocks) {
    setFieldError(block, errors.get(block) || "");
    if (errors.has(block)) problems.push({text: errors.get(block), focus: block._control});
  }
  return problems;
}

// The error summary at the top of a form: role="alert", a link to each problem, focus moves to it.
export function showSummary(holder, problems) {
  const list = el("ul", {class: "error-list"}, problems.map((p) => el("li", {},
    p.focus ? el("a", {href: "#" + (p.focus.id || ""), onclick: (event) => { event.preventDefault(); p.focus.focus(); }}, p.text) : p.text)));
  const summary = el("div", {class: "error-summary", role: "alert", tabindex: "-1"},
    el("h3", {class: "error-title"}, "There is a problem"), list);
  holder.replaceChildren(summary);
  summary.focus();
}

export function clearSummary(holder) { holder.replaceChildren(); }

// A refused ack: on its field when the server names one (error.field), else in the summary alone.
export function showServerError(holder, error, fields, fallback) {
  const text = capitalised(error && error.message, fallback);
  const block = error && error.field && fields[error.field];
  if (block) {
    setFieldError(block, text);
    showSummary(holder, [{text, focus: block._control}]);
  } else {
    showSummary(holder, [{text}]);
  }
}
