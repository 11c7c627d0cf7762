// "Terbitkan": the site's address (slug), checked as the owner types, then the live link to
// share (copy, WhatsApp, open) and the way to take it down again.

import { ApiError, NetworkError } from "./api.js";
import { t } from "./i18n.js";
import { copyText } from "./results.js";
import { checkSlug, publishSite, unpublishSite } from "./sites_api.js";
import { confirmInline, sayFor } from "./ui.js";

const CHECK_DELAY_MS = 400;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MIN = 3;
export const SLUG_MAX = 40;

const byId = (id) => document.getElementById(id);

/** "Restoran Nasi Kandar Pak Mat!" → "restoran-nasi-kandar-pak-mat" (3–40 of a-z, 0-9, -). */
export function suggestSlug(name) {
  const words = (name || "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " dan ")
    .match(/[a-z0-9]+/g) || [];
  let slug = "";
  for (const word of words) {
    const longer = slug ? `${slug}-${word}` : word;
    if (longer.length > SLUG_MAX) break;
    slug = longer;
  }
  if (!slug && words.length) slug = words[0].slice(0, SLUG_MAX);
  if (slug.length < SLUG_MIN) slug = slug ? `${slug}-kedai` : "kedai-saya";
  return slug;
}

export function slugProblem(slug) {
  if (slug.length < SLUG_MIN || slug.length > SLUG_MAX || !SLUG.test(slug)) return "slug_invalid";
  return null;
}

/** What the owner typed, as an address could be: lower case, spaces as hyphens. */
function tidy(value) {
  return value.toLowerCase().replace(/\s+/g, "-").replace(/[^a-z0-9-]/g, "").replace(/-{2,}/g, "-").slice(0, SLUG_MAX);
}

export function siteName(site) {
  const profile = (site && site.profile) || {};
  return profile.name || profile.label || (site && site.name) || "";
}

export function whatsappShareUrl(site) {
  return `https://wa.me/?text=${encodeURIComponent(`${siteName(site)} ${site.url}`)}`;
}

export class PublishPanel {
  /**
   * @param {{session: () => object | null, beforePublish: () => void, onPublished: (site: object) => void, onShowLink: () => void}} options
   */
  constructor({ session, beforePublish, onPublished, onShowLink }) {
    this.getSession = session;
    this.beforePublish = beforePublish;
    this.onPublished = onPublished;
    this.form = byId("publish-form");
    this.input = byId("slug");
    this.prefix = byId("slug-prefix");
    this.status = byId("slug-status");
    this.chips = byId("slug-suggestions");
    this.button = byId("publish-button");
    this.live = byId("publish-live");
    this.liveLink = byId("publish-live-link");
    this.siteId = null;
    this.touched = false;
    this.suggestedFor = null;
    this.statusKey = null;
    this.statusValues = {};
    this.timer = null;
    this.controller = null;
    this.busy = false;

    this.preview = byId("slug-preview");
    this.prefix.textContent = "/s/";
    this.input.addEventListener("input", () => {
      const tidied = tidy(this.input.value);
      if (tidied !== this.input.value) this.input.value = tidied;
      this.touched = true;
      this.showAddress();
      this.scheduleCheck();
    });
    this.chips.addEventListener("click", (event) => {
      const chip = event.target.closest("[data-slug]");
      if (!chip) return;
      this.input.value = chip.dataset.slug;
      this.touched = true;
      this.setStatus("slug_available", {}, "ok");
      this.showChips([]);
      this.input.focus();
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.publish();
    });
    byId("publish-show-link").addEventListener("click", () => onShowLink());
  }

  get session() {
    return this.getSession();
  }

  /** A site opened or changed: show its address, or suggest one from its name. */
  load(site) {
    const fresh = site.site_id !== this.siteId;
    if (fresh) {
      this.siteId = site.site_id;
      this.touched = false;
      this.suggestedFor = null;
      this.input.value = "";
      this.showChips([]);
      this.setStatus(null);
    }
    this.live.hidden = !site.published;
    this.form.hidden = Boolean(site.published);
    if (site.published) {
      this.liveLink.href = site.url;
      this.liveLink.textContent = site.url;
      return;
    }
    if (site.slug && !this.touched) {
      // An address stays with its site: publishing again uses it unless the owner changes it.
      this.input.value = site.slug;
      this.suggestedFor = null;
      this.setStatus("slug_current", {}, "ok");
      return;
    }
    const name = siteName(site);
    if (!this.touched && name !== this.suggestedFor) {
      this.suggestedFor = name;
      this.input.value = suggestSlug(name);
      this.check({ prefill: true });
    }
  }

  /** The whole address as it will be shared, under the field. */
  showAddress() {
    this.preview.textContent = this.input.value ? `${location.host}/s/${this.input.value}` : "";
  }

  scheduleCheck() {
    clearTimeout(this.timer);
    if (this.controller) this.controller.abort();
    const problem = slugProblem(this.input.value);
    this.showChips([]);
    if (problem) {
      this.setStatus(this.input.value ? problem : null, {}, "error");
      return;
    }
    this.setStatus("slug_checking", {}, "busy");
    this.timer = setTimeout(() => this.check(), CHECK_DELAY_MS);
  }

  async check({ prefill = false } = {}) {
    const slug = this.input.value;
    const session = this.session;
    if (slugProblem(slug)) return;
    if (session && session.site.slug === slug) {
      this.setStatus("slug_current", {}, "ok");
      return;
    }
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.setStatus("slug_checking", {}, "busy");
    try {
      const answer = await checkSlug(slug, { signal: controller.signal, siteId: this.siteId });
      if (controller.signal.aborted || this.input.value !== slug) return;
      const suggestions = (answer && answer.suggestions) || [];
      if (answer.available) {
        this.setStatus("slug_available", {}, "ok");
      } else if (prefill && suggestions.length && !this.touched) {
        // Our own suggestion is taken: offer the first free one instead, and the others.
        this.input.value = suggestions[0];
        this.setStatus("slug_available", {}, "ok");
        this.showChips(suggestions.slice(1));
      } else {
        // `reason` is the server's sentence (English); the form itself was checked above.
        this.setStatus(/reserved/i.test(answer.reason || "") ? "slug_reserved" : "slug_taken", {}, "error");
        this.showChips(suggestions);
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      // Not knowing is no reason to stop the owner: publishing checks again.
      this.setStatus(error instanceof NetworkError ? "slug_unchecked_offline" : null, {}, "info");
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  showChips(suggestions) {
    const chips = suggestions.slice(0, 5).map((slug) => {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.dataset.slug = slug;
      chip.textContent = slug;
      chip.setAttribute("aria-label", t("slug_use", { slug }));
      return chip;
    });
    this.chips.replaceChildren(...chips);
    this.chips.hidden = chips.length === 0;
  }

  setStatus(key, values = {}, tone = "info") {
    this.showAddress();
    this.statusKey = key;
    this.statusValues = values;
    this.status.textContent = key ? t(key, values) : "";
    this.status.dataset.tone = tone;
    if (tone === "error" && key) this.input.setAttribute("aria-invalid", "true");
    else this.input.removeAttribute("aria-invalid");
  }

  setBusy(busy) {
    this.busy = busy;
    this.button.setAttribute("aria-busy", String(busy));
    this.button.textContent = t(busy ? "publishing" : "publish_button");
  }

  async publish() {
    const session = this.session;
    if (!session || this.busy) return;
    const slug = this.input.value;
    const problem = slugProblem(slug);
    if (problem) {
      this.setStatus(problem, {}, "error");
      this.input.focus();
      return;
    }
    clearTimeout(this.timer);
    if (this.controller) this.controller.abort();
    this.setBusy(true);
    this.beforePublish(); // Unsaved edits go first: they are queued before the publish.
    try {
      const site = await session.run(() => publishSite(session.siteId, slug));
      session.apply(site);
      this.setStatus(null);
      this.onPublished(site);
    } catch (error) {
      const code = error instanceof ApiError ? error.code : "";
      if (error instanceof ApiError && error.status === 409 && code === "slug_taken") {
        this.setStatus("slug_taken", {}, "error");
        this.showChips(error.body.suggestions || []);
      } else if (error instanceof ApiError && error.status === 422) {
        this.setStatus("slug_invalid", {}, "error");
      } else if (error instanceof NetworkError) {
        this.setStatus("publish_offline", {}, "error");
      } else {
        this.setStatus("publish_error", {}, "error");
      }
      this.input.focus();
    } finally {
      this.setBusy(false);
    }
  }

  retranslate() {
    if (this.statusKey) this.status.textContent = t(this.statusKey, this.statusValues);
    this.setBusy(this.busy);
    for (const chip of this.chips.querySelectorAll("[data-slug]")) chip.setAttribute("aria-label", t("slug_use", { slug: chip.dataset.slug }));
  }
}

/** The live link, big, with copy, WhatsApp, open, and "take it down". */
export class LinkView {
  constructor({ session, onEdit, onMySites, onUnpublished }) {
    this.getSession = session;
    this.section = byId("link-view");
    this.url = byId("site-url");
    this.name = byId("link-name");
    this.whatsapp = byId("share-link");
    this.open = byId("open-site");
    this.status = byId("link-status");
    this.unpublishButton = byId("link-unpublish");
    byId("copy-link").addEventListener("click", () => this.copy());
    byId("link-edit").addEventListener("click", () => onEdit());
    byId("link-my-sites").addEventListener("click", () => onMySites());
    this.unpublishButton.addEventListener("click", () => this.unpublish(onUnpublished));
  }

  get session() {
    return this.getSession();
  }

  show(site) {
    this.url.textContent = site.url || "";
    this.url.href = site.url || "#";
    this.name.textContent = siteName(site);
    this.whatsapp.href = whatsappShareUrl(site);
    this.open.href = site.url || "#";
  }

  async copy() {
    const session = this.session;
    if (!session || !session.site.url) return;
    sayFor(this.status, t((await copyText(session.site.url)) ? "link_copied" : "link_copy_failed"));
  }

  async unpublish(onUnpublished) {
    const session = this.session;
    if (!session) return;
    const sure = await confirmInline(this.unpublishButton, { text: t("unpublish_confirm"), confirmText: t("unpublish_yes") });
    if (!sure) return;
    try {
      const site = await session.run(() => unpublishSite(session.siteId));
      session.apply(site);
      onUnpublished(site);
    } catch (error) {
      sayFor(this.status, t(error instanceof NetworkError ? "site_error_offline" : "site_error_generic"));
    }
  }
}
