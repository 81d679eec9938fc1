// The advisor's own phone number, which "Call back" rings first (docs/callbacks.md).
import {byId} from "../shared/dom.js";
import {callbackErrorText} from "./callbacks/words.js";
import {ask} from "./connection.js";
import {hideFieldError, showFieldError} from "./field_errors.js";
import {oneAtATime, state} from "./state.js";

export function showMyPhone() {
  const input = byId("my-phone-input");
  if (state.me && state.me.phone && !input.value && document.activeElement !== input) input.value = state.me.phone;
}

export function wireMyPhone() {
  byId("my-phone-input").addEventListener("input", () => {
    hideFieldError(byId("my-phone-input"), byId("my-phone-error"));
    byId("my-phone-saved").textContent = "";
  });
  byId("my-phone").addEventListener("submit", (event) => {
    event.preventDefault();
    savePhone();
  });
}

async function savePhone() {
  const input = byId("my-phone-input");
  const error = byId("my-phone-error");
  hideFieldError(input, error);
  const phone = input.value.trim();
  if (!phone) {
    showFieldError(input, error, "Enter your phone number, like 07700 900123.");
    return;
  }
  await oneAtATime("set-phone", async () => {
    const answer = await ask("set_phone", {phone: phone});
    if (!answer.ok) {
      byId("my-phone-saved").textContent = "";
      showFieldError(input, error, callbackErrorText(answer.error));
      return;
    }
    if (state.me) state.me.phone = answer.phone;
    if (answer.phone) input.value = answer.phone;
    byId("my-phone-saved").textContent = "Saved: " + (answer.phone || phone) + ".";
  });
}
