// Handing a chat to another service with a note (a warm transfer), and closing it with an outcome.
import {ask} from "./connection.js";
import {hideFieldError, showFieldError} from "./field_errors.js";
import {clearProblem, errorText, showProblem} from "./notices.js";
import {removePane} from "./panes.js";
import {oneAtATime, outcomeLabel, serviceName, state} from "./state.js";

export async function transferChat(pane) {
  hideFieldError(pane.transferTo, pane.transferToError);
  hideFieldError(pane.transferNote, pane.transferNoteError);
  const service = pane.transferTo.value;
  const note = pane.transferNote.value.trim();
  if (!note) showFieldError(pane.transferNote, pane.transferNoteError, "Write a note for the next advisor.");
  if (!service) showFieldError(pane.transferTo, pane.transferToError, "Choose the service to transfer the chat to.");
  if (!service || !note) return;
  await oneAtATime("transfer:" + pane.id, async () => {
    clearProblem();
    const answer = await ask("transfer", {chat: pane.id, service: service, note: note});
    if (!answer.ok) {
      showProblem(errorText(answer.error));
      return;
    }
    removePane(pane, "Chat transferred to " + (answer.service_name || serviceName(service)) + ".");
  });
}

export async function closeChat(pane) {
  hideFieldError(pane.outcome, pane.outcomeError);
  const outcome = pane.outcome.value;
  if (!outcome) {
    showFieldError(pane.outcome, pane.outcomeError, "Choose an outcome.");
    return;
  }
  await oneAtATime("close:" + pane.id, async () => {
    clearProblem();
    const data = {chat: pane.id, outcome: outcome};
    const note = pane.closeNote.value.trim();
    if (note) data.note = note;
    const answer = await ask("close", data);
    if (!answer.ok) {
      showProblem(errorText(answer.error));
      return;
    }
    removePane(pane, "Chat closed: " + outcomeLabel(outcome) + ".");
  });
}

// A choice or a note typed into a pane's form takes that field's error away.
export function fieldChanged(event) {
  for (const pane of state.panes.values()) {
    if (event.target === pane.outcome) hideFieldError(pane.outcome, pane.outcomeError);
    if (event.target === pane.transferTo) hideFieldError(pane.transferTo, pane.transferToError);
    if (event.target === pane.transferNote) hideFieldError(pane.transferNote, pane.transferNoteError);
  }
}
