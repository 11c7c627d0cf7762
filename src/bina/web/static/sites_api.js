// The calls behind "Betulkan maklumat", photos, "Terbitkan" and "Laman saya" (docs/api.md, sites).
//
// Same error split as api.js: ApiError when the server answered with an error, NetworkError
// when no answer came. Photo uploads go through XMLHttpRequest, the one API that reports how
// much of a request body has been sent, so a slow phone shows real upload progress.

import { ApiError, NetworkError, request } from "./api.js";

const SITES = "/api/sites";
const UPLOAD_TIMEOUT_MS = 5 * 60 * 1000;

const sitePath = (siteId) => `${SITES}/${encodeURIComponent(siteId)}`;

function jsonBody(body) {
  return { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

/** POST /api/sites: a draft site from one design of a completed job (201, the site). */
export async function createSite(jobId, style) {
  const { data } = await request(SITES, { method: "POST", ...jsonBody({ job_id: jobId, style }) });
  return data;
}

/** GET /api/sites/{id}: the site, `html` its preview. */
export async function getSite(siteId, { signal } = {}) {
  const { data } = await request(sitePath(siteId), { signal });
  return data;
}

/** PATCH /api/sites/{id}: a JSON merge patch, only if the site is still at `version`. */
export async function patchSite(siteId, version, patch) {
  const { data } = await request(sitePath(siteId), {
    method: "PATCH",
    headers: { "Content-Type": "application/json", "If-Match": `"${version}"` },
    body: JSON.stringify(patch),
  });
  return data;
}

/** GET /api/sites?limit=&cursor=: one page of the caller's sites, newest first. */
export async function listSites({ cursor = null, limit = 50 } = {}) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set("cursor", cursor);
  const { data } = await request(`${SITES}?${query}`);
  return data;
}

export async function deletePhoto(siteId, photoId) {
  const { data } = await request(`${sitePath(siteId)}/photos/${encodeURIComponent(photoId)}`, { method: "DELETE" });
  return data;
}

/** GET /api/sites/slugs/{slug}?site_id=: {slug, available, reason?, suggestions}. */
export async function checkSlug(slug, { signal, siteId } = {}) {
  // With the site's id, its own address counts as free.
  const query = siteId ? `?site_id=${encodeURIComponent(siteId)}` : "";
  const { data } = await request(`${SITES}/slugs/${encodeURIComponent(slug)}${query}`, { signal, timeoutMs: 15_000 });
  return data;
}

export async function publishSite(siteId, slug) {
  const { data } = await request(`${sitePath(siteId)}/publish`, { method: "POST", ...jsonBody(slug ? { slug } : {}) });
  return data;
}

export async function unpublishSite(siteId) {
  const { data } = await request(`${sitePath(siteId)}/unpublish`, { method: "POST", ...jsonBody({}) });
  return data;
}

export async function deleteSite(siteId) {
  await request(sitePath(siteId), { method: "DELETE" });
}

/**
 * POST /api/sites/{id}/photos as multipart (`file`, `role`). The Idempotency-Key makes a retry
 * after a dropped connection return the first upload instead of storing the photo twice.
 * Returns {promise, abort}; `onProgress(fraction)` follows the bytes sent.
 */
export function uploadPhoto(siteId, { blob, fileName, role, idempotencyKey, onProgress }) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    const form = new FormData();
    form.append("role", role);
    form.append("file", blob, fileName);
    xhr.open("POST", `${sitePath(siteId)}/photos`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Idempotency-Key", idempotencyKey);
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else if (xhr.status === 0) reject(new NetworkError(new Error("no answer")));
      else {
        const retryAfter = Number(xhr.getResponseHeader("Retry-After"));
        reject(new ApiError(xhr.status, data, Number.isFinite(retryAfter) ? retryAfter : undefined));
      }
    };
    const failed = (reason) => () => reject(new NetworkError(new Error(reason)));
    xhr.onerror = failed("error");
    xhr.ontimeout = failed("timeout");
    xhr.onabort = failed("abort");
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
