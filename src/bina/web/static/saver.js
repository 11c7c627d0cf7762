// Sends the owner's edits as JSON merge patches, and never loses one.
//
// Edits gather for a moment (DEBOUNCE_MS) and go as one PATCH with `If-Match: "<version>"`.
// Until the server has accepted it, an edit is kept in memory and in localStorage with the
// version it was made on: offline, it waits for `online`; a failed request is retried with
// backoff; a reload sends it again. A 412 means someone else changed the site: the saver
// sets the edit aside and asks the page to show the latest version and say so, instead of
// quietly writing over the other change. A 422 names the field that is wrong; the edit waits
// for the owner to correct it.

import { ApiError, NetworkError } from "./api.js";
import { combinePatches, savePending } from "./site_session.js";
import { patchSite } from "./sites_api.js";

export const DEBOUNCE_MS = 600;
const MAX_BACKOFF_MS = 30_000;

/** What the owner sees: saved | pending | saving | offline | retrying | invalid | conflict | error. */
export class PatchSaver {
  constructor({ session, onState, onInvalid, onConflict, onGone }) {
    this.session = session;
    this.onState = onState || (() => {});
    this.onInvalid = onInvalid || (() => {});
    this.onConflict = onConflict || (() => {});
    this.onGone = onGone || (() => {});
    this.pending = null; // not yet sent
    this.inflight = null; // sent, no answer yet
    this.aside = null; // refused with 412: kept until the owner re-applies or drops it
    this.blocked = false; // refused with 422: waits for the next edit
    this.attempt = 0;
    this.timer = null;
    this.state = "saved";
    this.stopped = false;
    this.onOnline = () => {
      this.attempt = 0;
      this.schedule(0);
    };
    this.onOffline = () => {
      if (this.unsaved()) this.setState("offline");
    };
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
  }

  unsaved() {
    return Boolean(this.pending || this.inflight);
  }

  setState(state) {
    this.state = state;
    this.onState(state);
  }

  persist() {
    const patch = combinePatches(this.inflight, this.pending);
    if (this.aside) {
      savePending(this.session.siteId, { patch: combinePatches(this.aside, patch), version: this.session.version, conflict: true });
    } else if (patch) {
      savePending(this.session.siteId, { patch, version: this.session.version, conflict: false });
    } else {
      savePending(this.session.siteId, null);
    }
  }

  /** One more edit (a merge patch of the site); sent after a short pause in the typing. */
  queue(patch, { delay = DEBOUNCE_MS } = {}) {
    if (this.stopped) return;
    this.pending = combinePatches(this.pending, patch);
    this.blocked = false;
    this.persist();
    if (this.state !== "saving") this.setState(navigator.onLine ? "pending" : "offline");
    this.schedule(delay);
  }

  /** An edit set aside after a 412, sent again because the owner asked. */
  reapply() {
    if (!this.aside) return null;
    const patch = this.aside;
    this.aside = null;
    this.queue(patch, { delay: 0 });
    return patch;
  }

  discardAside() {
    this.aside = null;
    this.persist();
    if (!this.unsaved()) this.setState("saved");
  }

  schedule(delay) {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), delay);
  }

  /** Send what is pending now (also used before leaving the editor). */
  async flush() {
    clearTimeout(this.timer);
    if (this.stopped || this.inflight || !this.pending || this.blocked) return;
    if (!navigator.onLine) {
      this.setState("offline"); // `online` sends it.
      return;
    }
    const patch = this.pending;
    this.pending = null;
    this.inflight = patch;
    this.setState("saving");
    try {
      const site = await this.session.run(() => patchSite(this.session.siteId, this.session.version, patch));
      this.inflight = null;
      this.attempt = 0;
      this.session.apply(site);
      this.persist();
      if (this.pending) this.schedule(0);
      this.setState(this.pending ? "pending" : this.aside ? "conflict" : "saved");
    } catch (error) {
      this.inflight = null;
      this.pending = combinePatches(patch, this.pending);
      this.persist();
      await this.failed(error, patch);
    }
  }

  async failed(error, patch) {
    if (this.stopped) return;
    const status = error instanceof ApiError ? error.status : 0;
    if (error instanceof NetworkError || status >= 500 || status === 429 || status === 408) {
      this.attempt += 1;
      const backoff = Math.min(1000 * 2 ** (this.attempt - 1), MAX_BACKOFF_MS);
      const wait = Math.max(backoff, (error.retryAfterSeconds || 0) * 1000);
      this.setState(navigator.onLine ? "retrying" : "offline");
      if (navigator.onLine) this.schedule(wait);
      return;
    }
    if (status === 412) {
      // Someone else's change is on the server: ours waits aside, nothing is re-sent by itself.
      this.aside = combinePatches(this.aside, this.pending);
      this.pending = null;
      this.persist();
      this.setState("conflict");
      try {
        const site = await this.session.run(() => this.session.fetch());
        this.persist();
        this.onConflict(site, this.aside);
      } catch {
        this.onConflict(null, this.aside);
      }
      return;
    }
    if (status === 404) {
      this.pending = null;
      this.persist();
      this.onGone();
      return;
    }
    this.blocked = true;
    this.setState(status === 422 ? "invalid" : "error");
    const body = (error && error.body) || {};
    this.onInvalid(body.field || "", body.message || error.message || "", patch);
  }
}
