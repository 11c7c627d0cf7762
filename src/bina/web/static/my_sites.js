// "Laman saya": every site of this visitor (all pages of GET /api/sites), each with its link,
// edit, take down and delete (asked in place first).

import { ApiError, NetworkError } from "./api.js";
import { currentLanguage, t } from "./i18n.js";
import { forgetSite } from "./site_session.js";
import { deleteSite, listSites, unpublishSite } from "./sites_api.js";
import { confirmInline, sayFor } from "./ui.js";

const MAX_PAGES = 20;
const byId = (id) => document.getElementById(id);

function formatDate(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  try {
    return new Intl.DateTimeFormat(t("locale"), { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).format(date);
  } catch {
    return date.toLocaleString(currentLanguage());
  }
}

export class MySitesView {
  constructor({ onEdit, onDeleted, onNew }) {
    this.section = byId("my-sites");
    this.list = byId("my-sites-list");
    this.empty = byId("my-sites-empty");
    this.status = byId("my-sites-status");
    this.retry = byId("my-sites-retry");
    this.onEdit = onEdit;
    this.onDeleted = onDeleted;
    this.items = [];
    this.state = "idle"; // idle | loading | loaded | error
    this.errorKey = null;
    byId("my-sites-new").addEventListener("click", () => onNew());
    this.retry.addEventListener("click", () => this.load());
    this.list.addEventListener("click", (event) => this.clicked(event));
  }

  /** Fetch every page (following next_cursor); a visitor keeps at most a few dozen sites. */
  async load() {
    this.state = "loading";
    this.errorKey = null;
    this.render();
    const items = [];
    let cursor = null;
    try {
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const answer = await listSites({ cursor });
        items.push(...((answer && answer.items) || []));
        cursor = answer && answer.next_cursor;
        if (!cursor) break;
      }
      this.items = items;
      this.state = "loaded";
    } catch (error) {
      this.state = "error";
      this.errorKey = error instanceof NetworkError ? "site_error_offline" : "my_sites_error";
    }
    this.render();
    return this.items;
  }

  render() {
    this.status.textContent = this.state === "loading" ? t("my_sites_loading") : this.errorKey ? t(this.errorKey) : "";
    this.retry.hidden = this.state !== "error";
    this.empty.hidden = !(this.state === "loaded" && this.items.length === 0);
    this.list.replaceChildren(...this.items.map((site) => this.row(site)));
  }

  row(site) {
    const item = document.createElement("li");
    item.className = "site-row";
    item.dataset.siteId = site.site_id;
    item.dataset.confirmHolder = "";

    const head = document.createElement("div");
    head.className = "site-row-head";
    const name = document.createElement("h3");
    name.className = "site-row-name";
    name.textContent = site.name || site.slug || t("site_untitled");
    const badge = document.createElement("span");
    badge.className = `badge ${site.published ? "badge-live" : "badge-draft"}`;
    badge.textContent = t(site.published ? "site_status_published" : "site_status_draft");
    head.append(name, badge);
    item.append(head);

    if (site.published && site.url) {
      const link = document.createElement("a");
      link.className = "site-row-link";
      link.href = site.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = site.url.replace(/^https?:\/\//, "");
      item.append(link);
    }
    const when = document.createElement("p");
    when.className = "hint site-row-when";
    when.textContent = t("site_updated", { when: formatDate(site.updated_at) });
    item.append(when);

    const actions = document.createElement("div");
    actions.className = "site-row-actions";
    const button = (action, key, className) => {
      const node = document.createElement("button");
      node.type = "button";
      node.className = `button ${className}`;
      node.dataset.action = action;
      node.textContent = t(key);
      node.setAttribute("aria-label", `${t(key)}: ${name.textContent}`);
      return node;
    };
    actions.append(button("edit", "edit_site", "button-primary"));
    if (site.published) actions.append(button("unpublish", "unpublish", "button-quiet"));
    actions.append(button("delete", "delete_site", "button-quiet button-danger-quiet"));
    item.append(actions);
    return item;
  }

  async clicked(event) {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const row = button.closest("[data-site-id]");
    const siteId = row.dataset.siteId;
    const site = this.items.find((candidate) => candidate.site_id === siteId);
    if (!site) return;
    if (button.dataset.action === "edit") {
      this.onEdit(siteId);
      return;
    }
    const name = site.name || site.slug || "";
    if (button.dataset.action === "unpublish") {
      const sure = await confirmInline(button, { text: t("unpublish_confirm"), confirmText: t("unpublish_yes") });
      if (!sure) return;
      try {
        const updated = await unpublishSite(siteId);
        Object.assign(site, { published: false, url: null, version: updated.version, updated_at: updated.updated_at });
        this.render();
        sayFor(this.status, t("unpublished"));
      } catch (error) {
        sayFor(this.status, t(error instanceof NetworkError ? "site_error_offline" : "site_error_generic"));
      }
      return;
    }
    const sure = await confirmInline(button, { text: t("delete_confirm", { name }), confirmText: t("delete_yes") });
    if (!sure) return;
    try {
      await deleteSite(siteId);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        sayFor(this.status, t(error instanceof NetworkError ? "site_error_offline" : "site_error_generic"));
        return;
      }
    }
    forgetSite(siteId);
    this.items = this.items.filter((candidate) => candidate.site_id !== siteId);
    this.render();
    sayFor(this.status, t("deleted"));
    this.onDeleted(siteId);
  }

  retranslate() {
    this.render();
  }
}
