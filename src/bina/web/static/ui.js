// Small pieces the site views share: a confirmation asked in place (no native dialog, which
// blocks the page and looks alarming on a phone) and a status line that clears itself.

import { t } from "./i18n.js";

/**
 * Ask "are you sure?" right under `anchor`; resolves true or false. Focus goes to the question
 * and comes back to `anchor` when it is answered with "no".
 */
export function confirmInline(anchor, { text, confirmText }) {
  const holder = anchor.closest("[data-confirm-holder]") || anchor.parentElement;
  const previous = holder.querySelector(".confirm");
  if (previous) previous.remove();
  return new Promise((resolve) => {
    const box = document.createElement("div");
    box.className = "confirm";
    box.setAttribute("role", "alertdialog");
    box.tabIndex = -1;
    const message = document.createElement("p");
    message.className = "confirm-text";
    message.id = `confirm-${Date.now()}`;
    message.textContent = text;
    box.setAttribute("aria-labelledby", message.id);
    const yes = document.createElement("button");
    yes.type = "button";
    yes.className = "button button-danger";
    yes.dataset.confirm = "yes";
    yes.textContent = confirmText;
    const no = document.createElement("button");
    no.type = "button";
    no.className = "button button-quiet";
    no.dataset.confirm = "no";
    no.textContent = t("cancel");
    const buttons = document.createElement("div");
    buttons.className = "confirm-actions";
    buttons.append(yes, no);
    box.append(message, buttons);
    holder.append(box);
    box.focus();
    const answer = (value) => {
      box.remove();
      if (!value && anchor.isConnected) anchor.focus();
      resolve(value);
    };
    yes.addEventListener("click", () => answer(true));
    no.addEventListener("click", () => answer(false));
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") answer(false);
    });
  });
}

/** A status line (role=status) that says `text` and clears after a while. */
export function sayFor(element, text, milliseconds = 6000) {
  element.textContent = text;
  clearTimeout(element.sayTimer);
  element.sayTimer = setTimeout(() => {
    element.textContent = "";
  }, milliseconds);
}
