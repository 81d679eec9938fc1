// Making elements. Whatever a page shows that came from a family, a member of staff or the server
// goes in as text (text nodes or textContent), never as HTML.

export const byId = (id) => document.getElementById(id);

// el("p", {class: "x", text: "...", onclick: f, "aria-label": "..."}, "text", child, [more children]):
// `class` sets the class, `text` the text content, on… functions listen for events, and any other
// key is an attribute (true gives an empty one; null, undefined and false give none). Strings and
// numbers among the children become text nodes; arrays are flattened; null, undefined and false skipped.
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) setProp(node, key, value);
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "number" ? String(child) : child);
  }
  return node;
}

function setProp(node, key, value) {
  if (value === null || value === undefined || value === false) return;
  if (key === "class") node.className = value;
  else if (key === "text") node.textContent = value;
  else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
  else node.setAttribute(key, value === true ? "" : String(value));
}

// Set a node's text only when it changes, so that a live region does not read it out again.
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// <time datetime="2026-11-25T11:00:00+00:00">11:00</time>
export function timeEl(iso, text) {
  return el("time", {datetime: iso || null, text: text});
}
