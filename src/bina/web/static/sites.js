// After the designs: one becomes the owner's site. This ties its views together: the editor
// ("Betulkan maklumat" with a live preview, style and colours, photos, "Terbitkan"), the
// live link to share, and "Laman saya".
//
// Which site and view are open is kept in localStorage, with the last copy of the site and
// the edits not yet saved, so a reload (even offline) comes back to the same place with the
// owner's typing intact.

import { ApiError, NetworkError } from "./api.js";
import { FactsEditor } from "./editor.js";
import { t } from "./i18n.js";
import { MySitesView } from "./my_sites.js";
import { PhotosPanel } from "./photos.js";
import { LinkView, PublishPanel } from "./publish.js";
import { PatchSaver } from "./saver.js";
import {
  SiteSession,
  applyMergePatch,
  combinePatches,
  forgetSite,
  loadCachedSite,
  loadCurrent,
  loadPending,
  patchIsApplied,
  rememberDesign,
  saveCurrent,
  siteForDesign,
} from "./site_session.js";
import { createSite, getSite, listSites } from "./sites_api.js";

const STYLES = ["modern", "minimal", "bold"];
const SAVE_TEXT = {
  saved: "save_saved",
  pending: "save_saving",
  saving: "save_saving",
  offline: "save_offline",
  retrying: "save_retrying",
  invalid: "save_invalid",
  conflict: "save_conflict",
  error: "save_error",
};
const CREATE_ERRORS = {
  job_not_completed: "site_error_job_not_completed",
  site_limit_reached: "site_error_limit",
};

const byId = (id) => document.getElementById(id);
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** A 422's message in the owner's language, by the kind of field it names. */
function fieldMessage(field, message) {
  const last = String(field).split(".").at(-1) || "";
  if (/^price/.test(last)) return t("error_price");
  if (/phones/.test(field)) return t("error_phone");
  if (/^(opens|closes)$/.test(last)) return t("error_time");
  if (/too long/i.test(message)) return t("error_field_too_long");
  if (/required|must not be empty/i.test(message)) return t("error_field_required");
  return message || t("save_invalid");
}

export class SitesController {
  /**
   * @param {object} hooks
   * @param {() => void} hooks.hideJob hide the form, the progress and the designs
   * @param {() => void} hooks.showJob show them again (whatever the job is at)
   * @param {() => void} hooks.newSite back to the form, to describe another business
   * @param {(text: string) => void} hooks.say a message under the designs
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.session = null;
    this.saver = null;
    this.view = null;
    this.notice = null; // {key, tone} of the editor's notice
    this.saveState = "saved";

    this.ui = {
      site: byId("site"),
      saveStatus: byId("save-status"),
      conflict: byId("site-conflict"),
      notice: byId("site-notice"),
      preview: byId("site-preview"),
      styles: byId("design-styles"),
      palettes: byId("design-palettes"),
      designStatus: byId("design-status"),
      linkView: byId("link-view"),
      mySites: byId("my-sites"),
      mySitesOpen: byId("my-sites-open"),
      useDesign: byId("use-design"),
    };

    const session = () => this.session;
    this.editor = new FactsEditor({ onEdit: (patch) => this.edit(patch) });
    this.photos = new PhotosPanel({ session });
    this.publish = new PublishPanel({
      session,
      beforePublish: () => this.saver && this.saver.flush(),
      onPublished: () => this.showView("link"),
      onShowLink: () => this.showView("link"),
    });
    this.link = new LinkView({
      session,
      onEdit: () => this.showView("editor"),
      onMySites: () => this.showView("mysites"),
      onUnpublished: () => {
        this.showView("editor");
        this.setNotice("unpublished", "info");
      },
    });
    this.mySites = new MySitesView({
      onEdit: (siteId) => this.openSite(siteId, "editor"),
      onDeleted: (siteId) => {
        if (this.session && this.session.siteId === siteId) this.close();
      },
      onNew: () => this.leave(() => this.hooks.newSite()),
    });

    byId("site-back").addEventListener("click", () => this.showView("mysites"));
    byId("site-bar-preview").addEventListener("click", () => this.scrollTo(byId("site-preview-card")));
    byId("conflict-reapply").addEventListener("click", () => this.reapply());
    byId("conflict-discard").addEventListener("click", () => this.discardAside());
    this.ui.mySitesOpen.addEventListener("click", () => this.showView("mysites"));
    this.ui.styles.addEventListener("click", (event) => {
      const button = event.target.closest("[data-style]");
      if (button) this.choose({ style: button.dataset.style });
    });
    this.ui.palettes.addEventListener("click", (event) => {
      const button = event.target.closest("[data-palette]");
      if (button) this.choose({ palette: button.dataset.palette });
    });
    // Leaving the page with an edit still waiting: send it now rather than after the pause.
    window.addEventListener("pagehide", () => this.saver && this.saver.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && this.saver) this.saver.flush();
    });
  }

  /** A site view (editor, link, my sites) is on screen. */
  get active() {
    return this.view !== null;
  }

  // --- entering ---------------------------------------------------------------------------------

  /** "Pilih reka bentuk ini": the site for this design of the job (made once, then reopened). */
  async useDesign(jobId, style) {
    const button = this.ui.useDesign;
    if (!jobId || !style || button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    button.textContent = t("using_design");
    try {
      let site = null;
      const known = siteForDesign(jobId, style);
      if (known) {
        try {
          site = await getSite(known);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) throw error;
          forgetSite(known);
        }
      }
      if (!site) site = await createSite(jobId, style);
      rememberDesign(jobId, style, site.site_id);
      this.open(site, "editor");
    } catch (error) {
      const key = error instanceof NetworkError ? "site_error_offline" : error instanceof ApiError && error.status === 404 ? "site_error_job_gone" : CREATE_ERRORS[error.code] || "site_error_generic";
      this.hooks.say(t(key));
    } finally {
      button.removeAttribute("aria-busy");
      button.textContent = t("use_design");
    }
  }

  /** Open one of the owner's sites (from "Laman saya" or after a reload). */
  async openSite(siteId, view = "editor") {
    this.hooks.hideJob();
    let site = null;
    try {
      site = await getSite(siteId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        forgetSite(siteId);
        this.showView("mysites");
        this.mySites.status.textContent = t("site_error_not_found");
        return;
      }
      const cached = loadCachedSite(siteId);
      if (!cached) {
        this.showView("mysites");
        return;
      }
      this.open(cached, view, { fromCache: true });
      this.setNotice("site_offline_copy", "warn");
      window.addEventListener("online", () => this.refreshFromServer(), { once: true });
      return;
    }
    this.open(site, view);
  }

  open(site, view, { fromCache = false } = {}) {
    this.close();
    const session = new SiteSession(site, { fromCache });
    this.session = session;
    this.saver = new PatchSaver({
      session,
      onState: (state) => this.renderSaveState(state),
      onInvalid: (field, message) => this.invalid(field, message),
      onConflict: (fresh, aside) => this.conflict(fresh, aside),
      onGone: () => this.gone(),
    });
    session.onChange((next, previous) => this.siteChanged(next, previous));
    this.photos.reset();
    this.setNotice(null);
    this.ui.conflict.hidden = true;

    const pending = loadPending(site.site_id);
    if (pending && pending.patch && !patchIsApplied(site, pending.patch)) {
      if (!fromCache && (pending.conflict || Number(pending.version) !== Number(site.version))) {
        // Made on another version than the server's now: show theirs, offer ours.
        this.editor.load(site.profile);
        this.saver.aside = pending.patch;
        this.saver.persist();
        this.showConflict();
        this.renderSaveState("conflict");
      } else {
        this.editor.load(applyMergePatch(site.profile, pending.patch.profile || {}));
        this.saver.queue(pending.patch, { delay: 0 });
      }
    } else {
      this.editor.load(site.profile);
      this.saver.persist();
      this.renderSaveState("saved");
    }
    this.renderSite(site);
    this.showView(view);
  }

  /** Back online after an offline reload: the server's copy replaces the cached one. */
  async refreshFromServer() {
    const session = this.session;
    if (!session || !session.fromCache) return;
    try {
      // In line with this tab's writes: a saved edit's answer is never overtaken by this one.
      const site = await session.run(() => getSite(session.siteId));
      if (this.session !== session) return;
      this.setNotice(null);
      if (!session.fromCache) return; // An edit's answer already brought the server's copy.
      const typing = this.saver.unsaved();
      session.apply(site, { force: true });
      if (!typing) this.editor.load(site.profile);
    } catch {
      window.addEventListener("online", () => this.refreshFromServer(), { once: true });
    }
  }

  close() {
    if (this.saver) {
      const saver = this.saver;
      // Whatever is unsaved is in localStorage already; one last try, then it waits there.
      saver.flush().finally(() => saver.stop());
    }
    if (this.session) this.session.close();
    this.session = null;
    this.saver = null;
  }

  // --- views ------------------------------------------------------------------------------------

  showView(view) {
    if (view !== "mysites" && !this.session) view = "mysites";
    if (view !== "editor" && this.saver) this.saver.flush();
    this.view = view;
    this.hooks.hideJob();
    document.body.dataset.mode = "site";
    this.ui.site.hidden = view !== "editor";
    this.ui.linkView.hidden = view !== "link";
    this.ui.mySites.hidden = view !== "mysites";
    this.ui.mySitesOpen.hidden = view === "mysites";
    saveCurrent({ siteId: this.session ? this.session.siteId : null, view });
    let target = this.ui.site;
    if (view === "link") {
      this.link.show(this.session.site);
      target = this.ui.linkView;
    } else if (view === "mysites") {
      this.mySites.load();
      target = this.ui.mySites;
    }
    target.focus({ preventScroll: true });
    window.scrollTo({ top: 0, behavior: "auto" });
  }

  /** Back to the job's part of the page (the form, the progress or the designs). */
  leave(then) {
    if (this.saver) this.saver.flush();
    this.view = null;
    this.ui.site.hidden = true;
    this.ui.linkView.hidden = true;
    this.ui.mySites.hidden = true;
    this.ui.mySitesOpen.hidden = false;
    saveCurrent(null);
    then();
  }

  scrollTo(element) {
    element.scrollIntoView({ behavior: reducedMotion ? "auto" : "smooth", block: "start" });
  }

  // --- the site on screen -----------------------------------------------------------------------

  siteChanged(site, previous) {
    this.renderSite(site, previous);
  }

  renderSite(site, previous = null) {
    if (!previous || previous.html !== site.html) {
      // The frame reloads only when the page changed (srcdoc, sandbox="": nothing runs).
      if (site.html) this.ui.preview.srcdoc = site.html;
    }
    this.ui.preview.title = t("site_preview_title");
    this.renderDesign(site);
    this.photos.render();
    this.publish.load(site);
    if (this.view === "link") this.link.show(site);
    this.ui.mySitesOpen.hidden = this.view === "mysites";
  }

  renderDesign(site) {
    const styleButtons = STYLES.map((style) => {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.style = style;
      button.setAttribute("aria-pressed", String(site.style === style));
      button.textContent = t(`style_${style}`);
      return button;
    });
    this.ui.styles.replaceChildren(...styleButtons);
    const palettes = (site.palettes || []).map((key) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "palette";
      button.dataset.palette = key;
      button.setAttribute("aria-pressed", String(site.palette === key));
      button.textContent = key.charAt(0).toUpperCase() + key.slice(1);
      return button;
    });
    this.ui.palettes.replaceChildren(...palettes);
    this.ui.palettes.closest(".design-palettes").hidden = palettes.length < 2;
  }

  choose(change) {
    if (!this.saver) return;
    const key = Object.keys(change)[0];
    const holder = key === "style" ? this.ui.styles : this.ui.palettes;
    for (const button of holder.querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(button.dataset[key] === change[key]));
    }
    this.ui.designStatus.textContent = "";
    this.saver.queue(change, { delay: 0 });
  }

  edit(patch) {
    if (!this.saver) return;
    this.saver.queue(patch);
  }

  renderSaveState(state) {
    this.saveState = state;
    const status = this.ui.saveStatus;
    status.dataset.state = state;
    status.textContent = t(SAVE_TEXT[state] || "save_saved");
  }

  setNotice(key, tone = "info") {
    this.notice = key ? { key, tone } : null;
    this.ui.notice.hidden = !key;
    this.ui.notice.textContent = key ? t(key) : "";
    this.ui.notice.dataset.tone = tone;
  }

  // --- what the server said no to ---------------------------------------------------------------

  invalid(field, message) {
    if (field === "style" || field === "palette") {
      this.ui.designStatus.textContent = message;
      return;
    }
    this.editor.showError(field, fieldMessage(field, message));
  }

  conflict(fresh) {
    if (fresh) this.editor.load(fresh.profile);
    this.showConflict();
  }

  showConflict() {
    this.ui.conflict.hidden = false;
    this.ui.conflict.focus({ preventScroll: true });
    this.ui.conflict.scrollIntoView({ behavior: reducedMotion ? "auto" : "smooth", block: "center" });
  }

  /** The owner chose to put their edits back over the other change. */
  reapply() {
    if (!this.saver || !this.session) return;
    const aside = this.saver.aside;
    if (!aside) return;
    const pending = this.saver.pending;
    this.saver.aside = null;
    this.saver.pending = null;
    const patch = combinePatches(aside, pending);
    this.editor.load(applyMergePatch(this.session.site.profile, patch.profile || {}));
    this.saver.queue(patch, { delay: 0 });
    this.ui.conflict.hidden = true;
  }

  discardAside() {
    if (this.saver) this.saver.discardAside();
    this.ui.conflict.hidden = true;
    if (this.session) this.editor.load(this.session.site.profile);
  }

  gone() {
    const siteId = this.session && this.session.siteId;
    this.close();
    if (siteId) forgetSite(siteId);
    this.showView("mysites");
    this.mySites.status.textContent = t("site_error_not_found");
  }

  // --- after a reload ---------------------------------------------------------------------------

  /** Come back to the site view of the last visit; else learn whether "Laman saya" has anything. */
  resume() {
    const current = loadCurrent();
    if (current && current.view === "mysites") {
      this.showView("mysites");
    } else if (current && current.siteId && (current.view === "editor" || current.view === "link")) {
      this.hooks.hideJob();
      this.openSite(current.siteId, current.view);
    }
    if (!current) this.checkForSites();
  }

  async checkForSites() {
    try {
      const answer = await listSites({ limit: 1 });
      this.ui.mySitesOpen.hidden = !(answer && answer.items && answer.items.length) && !this.active;
    } catch {
      // Not knowing hides nothing the owner needs now.
    }
  }

  retranslate() {
    this.editor.relabel();
    this.renderSaveState(this.saveState);
    if (this.notice) this.setNotice(this.notice.key, this.notice.tone);
    if (this.session) this.renderDesign(this.session.site);
    this.ui.preview.title = t("site_preview_title");
    this.photos.retranslate();
    this.publish.retranslate();
    if (this.view === "mysites") this.mySites.retranslate();
  }
}
