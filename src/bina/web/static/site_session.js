// The site being edited: its latest state from the server, one writer at a time, and what
// must survive a reload (which site and view, the last copy of it, edits not yet saved).
//
// Every change this tab makes goes through `SiteSession.run`, one after the other: a photo
// upload bumps the site's version, and an edit sent at the same time with the old version
// would come back 412 as if another tab had changed the site.

import { getSite } from "./sites_api.js";

const CURRENT_KEY = "bina.site.v1";
const CACHE_KEY = "bina.site.cache.v1";
const PENDING_KEY = "bina.site.pending.v1";
const DESIGNS_KEY = "bina.site.designs.v1";

function read(key) {
  try {
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    if (value === null || value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // Private mode or a full quota: the page still works, it cannot resume.
  }
}

// --- what to show after a reload -----------------------------------------------------------------

/** {siteId, view: "editor" | "link" | "mysites"} or null. */
export function loadCurrent() {
  const current = read(CURRENT_KEY);
  return current && typeof current === "object" && typeof current.view === "string" ? current : null;
}

export function saveCurrent(current) {
  write(CURRENT_KEY, current);
}

/** The last copy of a site seen (so an offline reload still shows the editor), or null. */
export function loadCachedSite(siteId) {
  const site = read(CACHE_KEY);
  return site && site.site_id === siteId ? site : null;
}

function cacheSite(site) {
  if (!write(CACHE_KEY, site)) write(CACHE_KEY, { ...site, html: "" });
}

/** Edits not yet accepted by the server, by site: {patch, version, conflict}. */
export function loadPending(siteId) {
  const all = read(PENDING_KEY) || {};
  return all[siteId] || null;
}

export function savePending(siteId, entry) {
  const all = read(PENDING_KEY) || {};
  if (entry) all[siteId] = { ...entry, savedAt: Date.now() };
  else delete all[siteId];
  write(PENDING_KEY, Object.keys(all).length ? all : null);
}

/** The site already made from one design of a job, so a second tap opens it again. */
export function siteForDesign(jobId, style) {
  const designs = read(DESIGNS_KEY) || {};
  return designs[`${jobId}:${style}`] || null;
}

export function rememberDesign(jobId, style, siteId) {
  const designs = read(DESIGNS_KEY) || {};
  designs[`${jobId}:${style}`] = siteId;
  write(DESIGNS_KEY, designs);
}

/** A deleted site leaves no trace on this phone. */
export function forgetSite(siteId) {
  const designs = read(DESIGNS_KEY) || {};
  for (const [key, value] of Object.entries(designs)) if (value === siteId) delete designs[key];
  write(DESIGNS_KEY, designs);
  savePending(siteId, null);
  const cached = read(CACHE_KEY);
  if (cached && cached.site_id === siteId) write(CACHE_KEY, null);
  const current = loadCurrent();
  if (current && current.siteId === siteId) write(CURRENT_KEY, null);
}

// --- JSON merge patches (RFC 7396) ---------------------------------------------------------------

export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `target` with `patch` applied: objects merge, arrays and scalars replace, null removes. */
export function applyMergePatch(target, patch) {
  if (!isObject(patch)) return patch;
  const result = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** One patch that does what `first` then `second` do (the later one wins). */
export function combinePatches(first, second) {
  if (!first) return second || null;
  if (!second) return first;
  if (!isObject(first) || !isObject(second)) return second;
  const result = { ...first };
  for (const [key, value] of Object.entries(second)) {
    result[key] = isObject(value) && isObject(result[key]) ? combinePatches(result[key], value) : value;
  }
  return result;
}

function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether applying `patch` to `site` would change nothing (it is already there). */
export function patchIsApplied(site, patch) {
  if (!site || !patch) return true;
  const keys = Object.keys(patch);
  const before = Object.fromEntries(keys.map((key) => [key, site[key]]));
  return sameJson(applyMergePatch(before, patch), before);
}

// --- the session ---------------------------------------------------------------------------------

export class SiteSession {
  constructor(site, { fromCache = false } = {}) {
    this.site = site;
    this.siteId = site.site_id;
    this.fromCache = fromCache;
    this.listeners = new Set();
    this.chain = Promise.resolve();
    this.closed = false;
    if (!fromCache) cacheSite(site);
  }

  get version() {
    return this.site.version;
  }

  onChange(listener) {
    this.listeners.add(listener);
  }

  /** Take a newer state of the site from an answer; an older one (a slow reply) is ignored. */
  apply(site, { force = false } = {}) {
    if (this.closed || !site || site.site_id !== this.siteId) return false;
    if (!force && !this.fromCache && Number(site.version) < Number(this.site.version)) return false;
    const previous = this.site;
    // A photo upload's refresh and a PATCH answer both carry the page; keep it if one lacks it.
    this.site = { ...site, html: typeof site.html === "string" ? site.html : previous.html };
    this.fromCache = false;
    cacheSite(this.site);
    for (const listener of this.listeners) listener(this.site, previous);
    return true;
  }

  /** Run `task` after every earlier change of this tab has finished. */
  run(task) {
    const result = this.chain.then(() => task());
    this.chain = result.catch(() => {});
    return result;
  }

  /** GET the site now (call inside `run`, or when nothing else is writing). */
  async fetch() {
    const site = await getSite(this.siteId);
    this.apply(site, { force: true });
    return this.site;
  }

  close() {
    this.closed = true;
    this.listeners.clear();
  }
}
