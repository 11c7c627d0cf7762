// "Betulkan maklumat": the facts of the business as a form (name, tagline, phones, address,
// hours, items and prices, what customers should know, about), each change turned into a merge
// patch of `profile`.
//
// Lists (phones, hours, items) are sent whole: a merge patch replaces arrays. Items and
// phones keep what the form does not show (a price range's unit, an hour range after the
// first) from the profile they were loaded from. The owner's text only ever goes into
// `value` and `textContent`.

import { t } from "./i18n.js";

const MAX_PHONES = 6;
const MAX_ITEMS = 60;
const DAYS = [0, 1, 2, 3, 4, 5, 6];
const TEXT_FIELDS = {
  name: "fact-name",
  tagline: "fact-tagline",
  address: "fact-address",
  area: "fact-area",
  about: "fact-about",
};

// What customers should know (seasons, orders ahead, conditions): one note per line.
const NOTES_FIELD = "fact-notes";

const byId = (id) => document.getElementById(id);

/** The notes a textarea holds: one per non-empty line, trimmed. */
function notesFrom(text) {
  return text.split("\n").map((line) => line.trim()).filter(Boolean);
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children);
  return node;
}

/** The price as the owner would write it: "7.50", or "120-250" for a range. */
function priceShown(item) {
  const low = item.price_text ?? (item.price !== null && item.price !== undefined ? String(item.price) : "");
  const high = item.price_max_text ?? (item.price_max !== null && item.price_max !== undefined ? String(item.price_max) : "");
  return high ? `${low}-${high}` : low;
}

/** The item fields a typed price sets: the server reads the text ("RM5.50", "5.5", "25-40"). */
function priceFields(typed) {
  return { price_text: typed || null, price_max_text: null, price: null, price_max: null };
}

/** What the profile says about each weekday, as the form shows it: {closed, opens, closes}. */
function hoursByDay(hours) {
  const result = new Map();
  const given = (hours && hours.days) || [];
  const withoutDays = (hours && hours.times_without_days) || [];
  const openDays = new Set((hours && hours.open_days_without_times) || []);
  const everyDay = !given.length && !openDays.size && withoutDays.length > 0;
  for (const day of DAYS) {
    const entry = given.find((candidate) => candidate.day === day);
    if (entry) {
      const first = (entry.ranges || [])[0];
      result.set(day, { closed: Boolean(entry.closed), opens: first ? first.opens : "", closes: first ? first.closes || "" : "", original: entry });
    } else if ((openDays.has(day) || everyDay) && withoutDays.length) {
      const first = withoutDays[0];
      result.set(day, { closed: false, opens: first.opens, closes: first.closes || "", original: { day, ranges: withoutDays, closed: false } });
    } else {
      result.set(day, { closed: false, opens: "", closes: "", original: null });
    }
  }
  return result;
}

export class FactsEditor {
  /** @param {{onEdit: (patch: object) => void}} options */
  constructor({ onEdit }) {
    this.form = byId("facts");
    this.general = byId("facts-error");
    this.phoneList = byId("phone-rows");
    this.hoursBox = byId("hours-rows");
    this.itemList = byId("item-rows");
    this.phoneAdd = byId("phone-add");
    this.itemAdd = byId("item-add");
    this.onEdit = onEdit;
    this.rowKey = 0;
    // Which row each element of the last list sent stands for, to place a 422 by index.
    this.sent = { phones: [], items: [], hours: [] };

    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("input", (event) => this.changed(event.target));
    this.form.addEventListener("change", (event) => {
      if (event.target.type === "checkbox") this.changed(event.target);
    });
    this.form.addEventListener("click", (event) => this.clicked(event));
    this.phoneAdd.addEventListener("click", () => this.addPhone());
    this.itemAdd.addEventListener("click", () => this.addItem());
  }

  // --- loading ----------------------------------------------------------------------------------

  /** Fill the form from a profile (the server's, or the server's with unsaved edits on top). */
  load(profile) {
    this.clearErrors();
    for (const [field, id] of Object.entries(TEXT_FIELDS)) {
      byId(id).value = profile[field] || "";
    }
    // Without a name the page shows the label read from the description: say so in the field.
    byId(TEXT_FIELDS.name).placeholder = profile.label || "";
    byId(NOTES_FIELD).value = (profile.notes || []).join("\n");
    this.phoneList.replaceChildren(...(profile.phones || []).map((phone) => this.phoneRow(phone)));
    this.hoursBox.replaceChildren(...[...hoursByDay(profile.hours)].map(([day, state]) => this.dayRow(day, state)));
    this.itemList.replaceChildren(...(profile.items || []).map((item) => this.itemRow(item)));
    this.relabel();
  }

  phoneRow(phone) {
    const key = (this.rowKey += 1);
    const input = element("input", {
      id: `phone-${key}`,
      type: "tel",
      inputmode: "tel",
      autocomplete: "tel",
      maxlength: 24,
      "data-role": "display",
    });
    input.value = (phone && phone.display) || "";
    const whatsapp = element("input", { type: "checkbox", "data-role": "whatsapp", id: `phone-wa-${key}` });
    whatsapp.checked = Boolean(phone && phone.whatsapp);
    return element("li", { className: "row phone-row", "data-group": "phones" }, [
      element("label", { className: "visually-hidden", for: input.id, "data-label": "phone" }),
      input,
      element("label", { className: "check", for: whatsapp.id }, [whatsapp, element("span", { text: "WhatsApp" })]),
      element("button", { type: "button", className: "icon-button", "data-action": "remove-phone", "data-label": "phone_remove" }, ["×"]),
    ]);
  }

  dayRow(day, state) {
    const closed = element("input", { type: "checkbox", "data-role": "closed", id: `day-closed-${day}` });
    closed.checked = state.closed;
    const opens = element("input", { type: "time", "data-role": "opens", id: `day-opens-${day}` });
    const closes = element("input", { type: "time", "data-role": "closes", id: `day-closes-${day}` });
    opens.value = state.opens || "";
    closes.value = state.closes || "";
    opens.disabled = closes.disabled = state.closed;
    const row = element("div", { className: "hours-row", "data-day": day, "data-group": "hours" }, [
      element("span", { className: "day-name", id: `day-name-${day}` }),
      element("label", { className: "check", for: closed.id }, [closed, element("span", { "data-label": "hours_closed" })]),
      opens,
      element("span", { className: "dash", "aria-hidden": "true", text: "–" }),
      closes,
    ]);
    row.original = state.original;
    return row;
  }

  itemRow(item) {
    const key = (this.rowKey += 1);
    const field = (role, attributes, value) => {
      const input = element("input", { id: `item-${role}-${key}`, type: "text", "data-role": role, ...attributes });
      input.value = value || "";
      return element("div", { className: `item-field item-${role}` }, [
        element("label", { className: "small-label", for: input.id, "data-label": `item_${role}` }),
        input,
      ]);
    };
    const row = element("li", { className: "row item-row", "data-group": "items" }, [
      element("div", { className: "item-head" }, [
        element("span", { className: "item-number", "data-label": "item_number" }),
        element("button", { type: "button", className: "icon-button", "data-action": "remove-item", "data-label": "item_remove" }, ["×"]),
      ]),
      field("name", { maxlength: 80, autocomplete: "off" }, item && item.name),
      field("variant", { maxlength: 60, autocomplete: "off" }, item && item.variant),
      element("div", { className: "item-pair" }, [
        field("price", { inputmode: "decimal", maxlength: 24, autocomplete: "off" }, item ? priceShown(item) : ""),
        field("note", { maxlength: 160, autocomplete: "off" }, item && item.note),
      ]),
    ]);
    row.original = item || null;
    row.shownPrice = item ? priceShown(item) : "";
    return row;
  }

  /** Labels that name a row by number or day, in the current language. */
  relabel() {
    const days = t("days");
    [...this.phoneList.children].forEach((row, index) => {
      const values = { n: index + 1 };
      row.querySelector("[data-label=phone]").textContent = t("phone_label", values);
      row.querySelector("[data-label=phone_remove]").setAttribute("aria-label", t("phone_remove", values));
    });
    for (const row of this.hoursBox.children) {
      const day = days[Number(row.dataset.day)];
      row.querySelector(".day-name").textContent = day;
      row.querySelector("[data-label=hours_closed]").textContent = t("hours_closed");
      row.querySelector("[data-role=closed]").setAttribute("aria-label", t("hours_closed_day", { day }));
      row.querySelector("[data-role=opens]").setAttribute("aria-label", t("hours_opens", { day }));
      row.querySelector("[data-role=closes]").setAttribute("aria-label", t("hours_closes", { day }));
    }
    [...this.itemList.children].forEach((row, index) => {
      const values = { n: index + 1 };
      row.querySelector("[data-label=item_number]").textContent = t("item_label", values);
      row.querySelector("[data-label=item_remove]").setAttribute("aria-label", t("item_remove", values));
      row.querySelector("[data-label=item_name]").textContent = t("item_name");
      row.querySelector("[data-label=item_variant]").textContent = t("item_variant");
      row.querySelector("[data-label=item_price]").textContent = t("item_price");
      row.querySelector("[data-label=item_note]").textContent = t("item_note");
    });
    this.phoneAdd.hidden = this.phoneList.children.length >= MAX_PHONES;
    this.itemAdd.hidden = this.itemList.children.length >= MAX_ITEMS;
  }

  // --- editing ----------------------------------------------------------------------------------

  changed(target) {
    const holder = target.closest("[data-group]");
    if (!holder) return;
    this.clearError(target);
    if (target.dataset.role === "closed") {
      for (const input of holder.querySelectorAll("input[type=time]")) input.disabled = target.checked;
    }
    this.onEdit({ profile: this.groupPatch(holder.dataset.group) });
  }

  clicked(event) {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const row = button.closest(".row");
    const list = row.parentElement;
    const index = [...list.children].indexOf(row);
    row.remove();
    this.relabel();
    const group = button.dataset.action === "remove-phone" ? "phones" : "items";
    this.onEdit({ profile: this.groupPatch(group) });
    // Focus stays in the list: on the row that moved up, else on "add".
    const next = list.children[Math.min(index, list.children.length - 1)];
    (next ? next.querySelector("input") : group === "phones" ? this.phoneAdd : this.itemAdd).focus();
  }

  addPhone() {
    if (this.phoneList.children.length >= MAX_PHONES) return;
    const row = this.phoneRow({ display: "", whatsapp: this.phoneList.children.length === 0 });
    this.phoneList.append(row);
    this.relabel();
    row.querySelector("input").focus();
  }

  addItem() {
    if (this.itemList.children.length >= MAX_ITEMS) return;
    const row = this.itemRow(null);
    this.itemList.append(row);
    this.relabel();
    row.querySelector("input").focus();
  }

  /** The `profile` part of a merge patch for one group of fields, from what the form shows now. */
  groupPatch(group) {
    if (group === "phones") return { phones: this.phones() };
    if (group === "hours") return { hours: this.hours() };
    if (group === "items") return { items: this.items() };
    if (group === "notes") return { notes: notesFrom(byId(NOTES_FIELD).value) };
    const input = byId(TEXT_FIELDS[group]);
    const value = group === "about" ? input.value.replace(/^\s+|\s+$/g, "") : input.value.trim();
    return { [group]: value || null };
  }

  phones() {
    const rows = [...this.phoneList.children].filter((row) => row.querySelector("[data-role=display]").value.trim());
    this.sent.phones = rows;
    return rows.map((row) => ({
      display: row.querySelector("[data-role=display]").value.trim(),
      whatsapp: row.querySelector("[data-role=whatsapp]").checked,
    }));
  }

  hours() {
    const days = [];
    const rows = [];
    for (const row of this.hoursBox.children) {
      const day = Number(row.dataset.day);
      const closed = row.querySelector("[data-role=closed]").checked;
      const opens = row.querySelector("[data-role=opens]").value;
      const closes = row.querySelector("[data-role=closes]").value;
      if (closed) {
        days.push({ day, ranges: [], closed: true });
      } else if (opens) {
        const original = (row.original && row.original.ranges) || [];
        const first = { ...(original[0] || {}), opens, closes: closes || null };
        days.push({ day, ranges: [first, ...original.slice(1)], closed: false });
      } else {
        continue; // Not known: the page says nothing about that day.
      }
      rows.push(row);
    }
    this.sent.hours = rows;
    // The form now says everything about every day: times given without days are replaced.
    return { days, times_without_days: [], open_days_without_times: [] };
  }

  items() {
    const rows = [];
    const items = [];
    for (const row of this.itemList.children) {
      const name = row.querySelector("[data-role=name]").value.trim();
      const price = row.querySelector("[data-role=price]").value.trim();
      const note = row.querySelector("[data-role=note]").value.trim();
      const variant = row.querySelector("[data-role=variant]").value.trim();
      if (!name && !price && !note && !variant) continue;
      let item = row.original ? { ...row.original } : {};
      item.name = name;
      item.variant = variant || null;
      item.note = note || null;
      if (!row.original || price !== row.shownPrice) item = { ...item, ...priceFields(price) };
      rows.push(row);
      items.push(item);
    }
    this.sent.items = rows;
    return items;
  }

  // --- errors (422) -----------------------------------------------------------------------------

  /** The input a server field path ("profile.items.2.price_text") points at, or null. */
  inputFor(field) {
    const parts = String(field || "").split(".");
    if (parts[0] === "profile") parts.shift();
    const [group, index, ...rest] = parts;
    if (TEXT_FIELDS[group]) return byId(TEXT_FIELDS[group]);
    if (group === "notes") return byId(NOTES_FIELD);
    if (group === "phones") {
      const row = this.sent.phones[Number(index)];
      return row ? row.querySelector("[data-role=display]") : this.phoneList.querySelector("input") || this.phoneAdd;
    }
    if (group === "items") {
      const row = this.sent.items[Number(index)];
      if (!row) return this.itemList.querySelector("input") || this.itemAdd;
      const field = String(rest[0] || "");
      const role = field.startsWith("price") ? "price" : ["note", "variant"].includes(field) ? field : "name";
      return row.querySelector(`[data-role=${role}]`);
    }
    if (group === "hours") {
      // profile.hours.days.3.ranges.0.closes
      const row = index === "days" ? this.sent.hours[Number(rest[0])] : null;
      const target = row || this.hoursBox.firstElementChild;
      if (!target) return null;
      return target.querySelector(parts.at(-1) === "closes" ? "[data-role=closes]" : "[data-role=opens]");
    }
    return null;
  }

  /** Show the server's message next to the field it names (or at the top of the form). */
  showError(field, message) {
    this.clearErrors();
    const input = this.inputFor(field);
    const text = message || t("save_invalid");
    if (!input || input.tagName === "BUTTON") {
      this.general.textContent = text;
      this.general.hidden = false;
      this.general.scrollIntoView({ block: "center" });
      return;
    }
    const note = element("p", { className: "field-error inline-error", id: `${input.id}-error`, role: "alert", text });
    const holder = input.closest(".item-field, .row, .hours-row, .field") || input.parentElement;
    holder.append(note);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", note.id);
    if (document.activeElement !== input) input.scrollIntoView({ block: "center" });
  }

  clearError(input) {
    if (input.getAttribute("aria-invalid") !== "true") return;
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
    const note = byId(`${input.id}-error`);
    if (note) note.remove();
  }

  clearErrors() {
    for (const input of this.form.querySelectorAll("[aria-invalid=true]")) this.clearError(input);
    for (const note of this.form.querySelectorAll(".inline-error")) note.remove();
    this.general.hidden = true;
    this.general.textContent = "";
  }
}
