// The finished designs: style tabs, a sandboxed preview at phone or desktop width, and what the
// owner does next (download, copy, share on WhatsApp).
//
// The preview is an <iframe sandbox srcdoc>: no allow-scripts and no allow-same-origin, so the
// generated page runs no script and gets an opaque origin that cannot reach this app's cookies,
// storage or API. It also inherits this page's CSP (script-src 'self').

import { t } from "./i18n.js";

const DESKTOP_WIDTH = 1280;
const PHONE_WIDTH = 390;
// Fixed heights, not vh: a phone's address bar coming and going must not re-layout the preview.
const PHONE_HEIGHT = 620;
const DESKTOP_VISIBLE_HEIGHT = 520;

/** A file name from the page's <title>: "restoran-nasi-kandar-pak-mat-modern.html". */
export function fileNameFor(style) {
  let title = "";
  try {
    // DOMParser builds an inert document: nothing in it loads or runs.
    title = new DOMParser().parseFromString(style.html, "text/html").title || "";
  } catch {
    title = "";
  }
  const slug = (text) =>
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48)
      .replace(/-+$/g, "");
  const base = slug(title.split(/[|–—-]\s/)[0] || "") || "laman-web";
  const suffix = slug(style.style || "") || "design";
  return `${base}-${suffix}.html`;
}

/** Put `text` on the clipboard: the Clipboard API where allowed, else a selected textarea. */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: try the old way below.
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "offscreen";
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

export class ResultsView {
  constructor() {
    this.section = document.getElementById("results");
    this.tabs = document.getElementById("style-tabs");
    this.panel = document.getElementById("style-panel");
    this.description = document.getElementById("style-description");
    this.stage = document.getElementById("preview-stage");
    this.frame = document.getElementById("preview");
    this.status = document.getElementById("action-status");
    this.viewButtons = [...document.querySelectorAll("[data-view]")].filter((node) => node.tagName === "BUTTON");
    this.styles = [];
    this.pending = 0;
    this.selected = null;
    this.shownHtml = null;
    this.view = "phone";
    this.statusTimer = null;

    this.tabs.addEventListener("click", (event) => {
      const tab = event.target.closest("[role=tab]");
      if (tab && tab.dataset.style) this.select(tab.dataset.style, { focus: false });
    });
    this.tabs.addEventListener("keydown", (event) => this.onTabKey(event));
    for (const button of this.viewButtons) {
      button.addEventListener("click", () => this.setView(button.dataset.view));
    }
    document.getElementById("download").addEventListener("click", () => this.download());
    document.getElementById("copy").addEventListener("click", () => this.copy());
    document.getElementById("share").addEventListener("click", () => this.share());
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => this.layout()).observe(this.stage);
    } else {
      window.addEventListener("resize", () => this.layout());
    }
  }

  get current() {
    return this.styles.find((style) => style.style === this.selected) || null;
  }

  /** Show the designs finished so far, and `pending` placeholders for those still being made. */
  update(styles, pending) {
    this.styles = styles;
    this.pending = Math.max(0, pending);
    if (!this.current && styles.length) this.selected = styles[0].style;
    this.renderTabs();
    this.renderPanel();
  }

  clear() {
    this.styles = [];
    this.pending = 0;
    this.selected = null;
    this.shownHtml = null;
    this.frame.removeAttribute("srcdoc");
    this.tabs.replaceChildren();
    this.status.textContent = "";
  }

  renderTabs() {
    const focusedStyle = this.tabs.contains(document.activeElement) ? document.activeElement.dataset.style : null;
    const nodes = this.styles.map((style, index) => {
      const tab = document.createElement("button");
      const selected = style.style === this.selected;
      tab.type = "button";
      tab.className = "style-tab";
      tab.id = `style-tab-${index}`;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-selected", String(selected));
      tab.setAttribute("aria-controls", "style-panel");
      tab.tabIndex = selected ? 0 : -1;
      tab.dataset.style = style.style;
      const name = document.createElement("span");
      name.className = "style-tab-name";
      name.textContent = style.name || style.style;
      tab.append(name);
      return tab;
    });
    for (let index = 0; index < this.pending; index += 1) {
      const placeholder = document.createElement("span");
      placeholder.className = "style-tab style-tab-pending";
      placeholder.setAttribute("aria-hidden", "true");
      const spinner = document.createElement("span");
      spinner.className = "spinner";
      const label = document.createElement("span");
      label.textContent = t("style_pending");
      placeholder.append(spinner, label);
      nodes.push(placeholder);
    }
    this.tabs.replaceChildren(...nodes);
    if (focusedStyle) {
      const again = [...this.tabs.querySelectorAll("[role=tab]")].find((tab) => tab.dataset.style === focusedStyle);
      if (again) again.focus();
    }
  }

  renderPanel() {
    const style = this.current;
    const selectedTab = this.tabs.querySelector("[aria-selected=true]");
    this.panel.setAttribute("aria-labelledby", selectedTab ? selectedTab.id : "results-title");
    this.description.textContent = style ? style.description || "" : "";
    this.frame.title = t("preview_title", { name: style ? style.name || style.style : "" });
    if (style && style.html !== this.shownHtml) {
      // Set only when the design changes: a progress update must not reload the preview.
      this.frame.srcdoc = style.html;
      this.shownHtml = style.html;
    }
    for (const button of document.querySelectorAll(".actions .button:not(#again)")) {
      button.disabled = !style;
    }
    this.layout();
  }

  select(styleKey, { focus }) {
    if (!this.styles.some((style) => style.style === styleKey)) return;
    this.selected = styleKey;
    this.status.textContent = "";
    this.renderTabs();
    this.renderPanel();
    if (focus) {
      const tab = [...this.tabs.querySelectorAll("[role=tab]")].find((node) => node.dataset.style === styleKey);
      if (tab) tab.focus();
    }
  }

  onTabKey(event) {
    const keys = ["ArrowLeft", "ArrowRight", "Home", "End"];
    if (!keys.includes(event.key) || !this.styles.length) return;
    event.preventDefault();
    const index = this.styles.findIndex((style) => style.style === this.selected);
    const last = this.styles.length - 1;
    const next =
      event.key === "Home" ? 0 : event.key === "End" ? last : event.key === "ArrowLeft" ? (index <= 0 ? last : index - 1) : index >= last ? 0 : index + 1;
    this.select(this.styles[next].style, { focus: true });
  }

  setView(view) {
    this.view = view === "desktop" ? "desktop" : "phone";
    this.stage.dataset.view = this.view;
    for (const button of this.viewButtons) {
      button.setAttribute("aria-pressed", String(button.dataset.view === this.view));
    }
    this.layout();
  }

  /** Phone: the page at phone width. Desktop: the page laid out at 1280 px, scaled to fit. */
  layout() {
    const available = this.stage.clientWidth;
    if (!available) return;
    const frame = this.frame.style;
    if (this.view === "desktop") {
      const scale = Math.min(1, available / DESKTOP_WIDTH);
      const visibleHeight = Math.min(DESKTOP_VISIBLE_HEIGHT, Math.round(DESKTOP_WIDTH * scale * 1.25));
      frame.width = `${DESKTOP_WIDTH}px`;
      frame.height = `${Math.round(visibleHeight / scale)}px`;
      frame.transform = `scale(${scale})`;
      this.stage.style.height = `${visibleHeight}px`;
    } else {
      const width = Math.min(available, PHONE_WIDTH);
      frame.width = `${width}px`;
      frame.height = `${PHONE_HEIGHT}px`;
      frame.transform = "none";
      this.stage.style.height = "auto";
    }
  }

  say(text) {
    this.status.textContent = text;
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => {
      this.status.textContent = "";
    }, 6000);
  }

  download() {
    const style = this.current;
    if (!style) return;
    const fileName = fileNameFor(style);
    const url = URL.createObjectURL(new Blob([style.html], { type: "text/html;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.rel = "noopener";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
    this.say(t("downloaded", { file: fileName }));
  }

  async copy() {
    const style = this.current;
    if (!style) return;
    this.say((await copyText(style.html)) ? t("copied") : t("copy_failed"));
  }

  /** The phone's share sheet with the HTML file where it can (WhatsApp on Android), else wa.me. */
  async share() {
    const style = this.current;
    if (!style) return;
    const text = `${t("share_text")} ${location.origin}/create`;
    try {
      const file = new File([style.html], fileNameFor(style), { type: "text/html" });
      if (navigator.canShare && navigator.share && navigator.canShare({ files: [file] })) {
        await navigator.share({ files: [file], text: t("share_text") });
        return;
      }
    } catch (error) {
      if (error && error.name === "AbortError") return;
    }
    window.open(`https://wa.me/?text=${encodeURIComponent(text)}`, "_blank", "noopener");
  }

  retranslate() {
    this.renderTabs();
    this.renderPanel();
  }
}
