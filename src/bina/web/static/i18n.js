// The page's texts in Bahasa Malaysia and English. The server renders the page in one language
// and embeds both dictionaries as a JSON data block, so the toggle needs no extra request.

const LANGUAGE_COOKIE = "bina_lang";
const strings = JSON.parse(document.getElementById("bina-strings").textContent);
let language = document.documentElement.lang === "en" ? "en" : "ms";
const listeners = new Set();

export function currentLanguage() {
  return language;
}

/** The text for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key, values = {}) {
  const text = strings[language][key] ?? strings.ms[key] ?? key;
  if (typeof text !== "string") return text;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

/** Every element under `root` with data-i18n / data-i18n-attr gets the current language's text. */
export function translate(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of element.dataset.i18nAttr.split(";")) {
      const [attribute, key] = pair.split(":");
      element.setAttribute(attribute.trim(), t(key.trim()));
    }
  }
}

export function setLanguage(next) {
  if (next !== "ms" && next !== "en") return;
  if (next === language) return;
  language = next;
  document.documentElement.lang = next;
  // Not HttpOnly on purpose: it only tells the server which language to render the page in.
  document.cookie = `${LANGUAGE_COOKIE}=${next}; path=/; max-age=31536000; SameSite=Lax`;
  translate();
  for (const listener of listeners) listener(next);
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}

function timeFormat() {
  try {
    return new Intl.DateTimeFormat(t("locale"), { hour: "numeric", minute: "2-digit" });
  } catch {
    return new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
  }
}

/** "at 3:45 pm" / "tomorrow at 9:10 am" / "shortly", for a moment within the next day. */
export function formatWhen(date) {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return t("quota_soon");
  const now = new Date();
  if (date.getTime() - now.getTime() < 60_000) return t("quota_soon");
  const time = timeFormat().format(date);
  const sameDay = date.toDateString() === now.toDateString();
  return t(sameDay ? "when_today" : "when_tomorrow", { time });
}
