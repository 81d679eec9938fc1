// An error message under a form field: shown, named in the field's aria-describedby, the field
// marked invalid and focused; and taken away again.

export function showFieldError(control, box, text) {
  box.textContent = text;
  box.hidden = false;
  control.setAttribute("aria-invalid", "true");
  const described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  if (!described.includes(box.id)) control.setAttribute("aria-describedby", [box.id, ...described].join(" "));
  control.focus();
}

export function hideFieldError(control, box) {
  if (box.hidden) return;
  box.hidden = true;
  box.textContent = "";
  control.removeAttribute("aria-invalid");
  const described = (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== box.id);
  if (described.length) control.setAttribute("aria-describedby", described.join(" "));
  else control.removeAttribute("aria-describedby");
}
