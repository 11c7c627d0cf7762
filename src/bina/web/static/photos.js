// The owner's photos: a logo, a main photo and a gallery, from the camera or the phone's photos.
//
// A phone photo is often 4000 px and 5 MB; the page shrinks it first (long side at most
// 1600 px, JPEG 0.85, turned upright from its EXIF orientation), so an upload on mobile data
// costs a few hundred KB. Files already small go as they are. Uploads run one at a time,
// each with its own Idempotency-Key kept until it succeeds: a retry after a dropped
// connection returns the first upload instead of storing the photo twice.

import { ApiError, NetworkError, newIdempotencyKey } from "./api.js";
import { t } from "./i18n.js";
import { deletePhoto, uploadPhoto } from "./sites_api.js";

export const MAX_PHOTOS = 12;
const MAX_SIDE = 1600;
const QUALITY = 0.85;
// Below this, and already at most MAX_SIDE, a JPEG/PNG/WebP goes as it is.
const SMALL_BYTES = 500 * 1024;
const MAX_BACKOFF_MS = 30_000;
const ROLES = ["logo", "hero", "gallery"];
const ERRORS = {
  photo_too_large: "photo_error_too_large",
  payload_too_large: "photo_error_too_large",
  not_an_image: "photo_error_not_image",
  unsupported_format: "photo_error_format",
  image_too_large_pixels: "photo_error_pixels",
  photo_limit_reached: "photo_error_limit",
};

const byId = (id) => document.getElementById(id);

async function decode(file) {
  if (typeof createImageBitmap === "function") {
    try {
      return await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch {
      try {
        return await createImageBitmap(file);
      } catch {
        // Fall through to an <img>, which every browser turns upright.
      }
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function canvasBlob(canvas, type, quality) {
  if (typeof canvas.convertToBlob === "function") return canvas.convertToBlob({ type, quality });
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

function baseName(name) {
  return (name || "photo").replace(/\.[^.]*$/, "").slice(0, 60) || "photo";
}

/** The file to upload: shrunk to MAX_SIDE as JPEG, or the original when it is small already. */
export async function preparePhoto(file, role) {
  let image;
  try {
    image = await decode(file);
  } catch {
    return { blob: file, fileName: file.name || "photo" }; // HEIC and friends: the server reads them.
  }
  try {
    const width = image.naturalWidth || image.width;
    const height = image.naturalHeight || image.height;
    const longSide = Math.max(width, height);
    const plain = /^image\/(jpeg|png|webp)$/.test(file.type);
    if (longSide <= MAX_SIDE && file.size <= SMALL_BYTES && plain) return { blob: file, fileName: file.name || "photo" };
    const scale = Math.min(1, MAX_SIDE / longSide);
    const targetWidth = Math.max(1, Math.round(width * scale));
    const targetHeight = Math.max(1, Math.round(height * scale));
    const canvas =
      typeof OffscreenCanvas === "function" ? new OffscreenCanvas(targetWidth, targetHeight) : Object.assign(document.createElement("canvas"), { width: targetWidth, height: targetHeight });
    const context = canvas.getContext("2d");
    // A logo is often a PNG with a transparent background: keep it PNG, where JPEG would go black.
    const keepPng = role === "logo" && /png|webp|gif/.test(file.type);
    if (!keepPng) {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, targetWidth, targetHeight);
    }
    context.imageSmoothingQuality = "high";
    context.drawImage(image, 0, 0, targetWidth, targetHeight);
    const type = keepPng ? "image/png" : "image/jpeg";
    const blob = await canvasBlob(canvas, type, QUALITY);
    if (!blob || (blob.size >= file.size && longSide <= MAX_SIDE && plain)) return { blob: file, fileName: file.name || "photo" };
    return { blob, fileName: `${baseName(file.name)}.${keepPng ? "png" : "jpg"}` };
  } finally {
    if (typeof image.close === "function") image.close();
  }
}

export class PhotosPanel {
  /** @param {{session: () => import("./site_session.js").SiteSession | null}} options */
  constructor({ session }) {
    this.getSession = session;
    this.status = byId("photos-status");
    this.count = byId("photos-count");
    this.lists = Object.fromEntries(ROLES.map((role) => [role, byId(`photos-${role}`)]));
    this.inputs = Object.fromEntries(ROLES.map((role) => [role, byId(`photo-input-${role}`)]));
    this.uploads = []; // {id, role, file, key, state, progress, previewUrl, prepared, error}
    this.running = false;
    this.attempt = 0;
    this.retryTimer = null;
    for (const role of ROLES) {
      this.inputs[role].addEventListener("change", (event) => {
        const files = [...event.target.files];
        event.target.value = ""; // Choosing the same file again must fire `change` again.
        this.add(files, role);
      });
      this.lists[role].addEventListener("click", (event) => this.clicked(event));
    }
    window.addEventListener("online", () => {
      this.attempt = 0;
      this.next();
    });
  }

  get session() {
    return this.getSession();
  }

  photos() {
    const session = this.session;
    return (session && session.site.photos) || [];
  }

  /** The site changed (or another one opened): draw its photos and what is still uploading. */
  render() {
    const photos = this.photos();
    for (const role of ROLES) {
      const tiles = photos.filter((photo) => photo.role === role).map((photo) => this.photoTile(photo));
      const waiting = this.uploads.filter((upload) => upload.role === role).map((upload) => this.uploadTile(upload));
      this.lists[role].replaceChildren(...tiles, ...waiting);
    }
    const total = photos.length + this.uploads.filter((upload) => upload.state !== "failed").length;
    this.count.textContent = t("photo_count", { count: photos.length, max: MAX_PHOTOS });
    const full = total >= MAX_PHOTOS;
    this.inputs.gallery.disabled = full;
    this.inputs.gallery.closest(".photo-add").classList.toggle("is-disabled", full);
  }

  photoTile(photo) {
    const tile = document.createElement("li");
    tile.className = "photo";
    tile.dataset.photoId = photo.photo_id;
    const image = document.createElement("img");
    image.src = photo.thumb_url || photo.url;
    image.alt = photo.alt || t(`photo_${photo.role}`);
    image.loading = "lazy";
    image.decoding = "async";
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "photo-delete";
    remove.dataset.delete = photo.photo_id;
    remove.setAttribute("aria-label", t("photo_delete", { what: t(`photo_${photo.role}`) }));
    remove.textContent = "×";
    tile.append(image, remove);
    return tile;
  }

  uploadTile(upload) {
    const tile = document.createElement("li");
    tile.className = `photo photo-upload is-${upload.state}`;
    tile.dataset.upload = upload.id;
    if (upload.previewUrl) {
      const image = document.createElement("img");
      image.src = upload.previewUrl;
      image.alt = "";
      tile.append(image);
    }
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = Math.round(upload.progress * 100);
    const label = document.createElement("span");
    label.className = "photo-state";
    label.textContent = this.uploadText(upload);
    bar.setAttribute("aria-label", label.textContent);
    tile.append(bar, label);
    if (upload.state === "failed") {
      const dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.className = "photo-delete";
      dismiss.dataset.dismiss = upload.id;
      dismiss.setAttribute("aria-label", t("photo_dismiss"));
      dismiss.textContent = "×";
      tile.append(dismiss);
    }
    return tile;
  }

  uploadText(upload) {
    switch (upload.state) {
      case "preparing":
        return t("photo_preparing");
      case "uploading":
        return t("photo_uploading", { percent: Math.round(upload.progress * 100) });
      case "waiting":
        return t("photo_waiting");
      case "failed":
        return t(upload.error || "photo_error");
      default:
        return t("photo_queued");
    }
  }

  add(files, role) {
    let room = MAX_PHOTOS - this.photos().length - this.uploads.filter((upload) => upload.state !== "failed").length;
    const chosen = role === "gallery" ? files : files.slice(0, 1);
    for (const file of chosen) {
      const replaces = role !== "gallery" && this.photos().some((photo) => photo.role === role);
      if (!replaces && room <= 0) {
        this.say(t("photo_error_limit"));
        break;
      }
      if (!replaces) room -= 1;
      // A logo or main photo chosen again replaces the one still waiting.
      if (role !== "gallery") this.uploads = this.uploads.filter((upload) => upload.role !== role || upload.state === "uploading");
      this.uploads.push({ id: newIdempotencyKey(), key: newIdempotencyKey(), role, file, state: "queued", progress: 0, previewUrl: null, prepared: null, error: null });
    }
    this.render();
    this.next();
  }

  /** Upload the next waiting photo, one at a time. */
  async next() {
    if (this.running) return;
    const upload = this.uploads.find((candidate) => candidate.state === "queued" || candidate.state === "waiting");
    const session = this.session;
    if (!upload || !session) return;
    if (!navigator.onLine) {
      upload.state = "waiting";
      this.render();
      return; // `online` calls next().
    }
    this.running = true;
    try {
      await this.send(upload, session);
    } finally {
      this.running = false;
    }
    if (this.uploads.some((candidate) => candidate.state === "queued")) this.next();
  }

  async send(upload, session) {
    if (!upload.prepared) {
      upload.state = "preparing";
      this.render();
      // A canvas that fails (memory on an old phone) still leaves the original to send.
      upload.prepared = await preparePhoto(upload.file, upload.role).catch(() => ({ blob: upload.file, fileName: upload.file.name || "photo" }));
      upload.previewUrl = URL.createObjectURL(upload.prepared.blob);
    }
    upload.state = "uploading";
    upload.progress = 0;
    this.render();
    try {
      await session.run(async () => {
        const { promise } = uploadPhoto(session.siteId, {
          blob: upload.prepared.blob,
          fileName: upload.prepared.fileName,
          role: upload.role,
          idempotencyKey: upload.key,
          onProgress: (fraction) => this.progress(upload, fraction),
        });
        await promise;
        upload.state = "done";
        // The answer has the photo, not the page: fetch the site for its preview and version.
        await session.fetch();
      });
      this.finish(upload);
      this.attempt = 0;
    } catch (error) {
      if (upload.state === "done") {
        // Stored; only the refresh failed. The next change of the site brings it.
        this.finish(upload);
        return;
      }
      this.failed(upload, error);
    }
  }

  progress(upload, fraction) {
    upload.progress = Math.min(1, fraction);
    const tile = this.lists[upload.role].querySelector(`[data-upload="${upload.id}"]`);
    if (!tile) return;
    tile.querySelector("progress").value = Math.round(upload.progress * 100);
    tile.querySelector(".photo-state").textContent = this.uploadText(upload);
  }

  finish(upload) {
    this.uploads = this.uploads.filter((candidate) => candidate !== upload);
    if (upload.previewUrl) URL.revokeObjectURL(upload.previewUrl);
    this.render();
    this.say(t("photo_added"));
  }

  failed(upload, error) {
    const status = error instanceof ApiError ? error.status : 0;
    if (error instanceof NetworkError || status >= 500 || status === 429) {
      // Same key next time: if this one did arrive, the server answers with it, once.
      upload.state = "waiting";
      this.render();
      this.attempt += 1;
      clearTimeout(this.retryTimer);
      if (navigator.onLine) this.retryTimer = setTimeout(() => this.next(), Math.min(1000 * 2 ** (this.attempt - 1), MAX_BACKOFF_MS));
      return;
    }
    upload.state = "failed";
    upload.error = ERRORS[error.code] || (status === 413 ? "photo_error_too_large" : "photo_error");
    this.render();
  }

  async clicked(event) {
    const dismiss = event.target.closest("[data-dismiss]");
    if (dismiss) {
      const upload = this.uploads.find((candidate) => candidate.id === dismiss.dataset.dismiss);
      this.uploads = this.uploads.filter((candidate) => candidate !== upload);
      if (upload && upload.previewUrl) URL.revokeObjectURL(upload.previewUrl);
      this.render();
      return;
    }
    const remove = event.target.closest("[data-delete]");
    const session = this.session;
    if (!remove || !session) return;
    remove.disabled = true;
    try {
      const site = await session.run(() => deletePhoto(session.siteId, remove.dataset.delete));
      session.apply(site);
      this.say(t("photo_deleted"));
    } catch (error) {
      remove.disabled = false;
      if (error instanceof ApiError && error.status === 404) {
        await session.run(() => session.fetch()).catch(() => {});
        return;
      }
      this.say(t(error instanceof NetworkError ? "photo_delete_offline" : "photo_error"));
    }
  }

  say(text) {
    this.status.textContent = text;
  }

  /** Another site opens: uploads for the old one are dropped (they belong to it). */
  reset() {
    for (const upload of this.uploads) if (upload.previewUrl) URL.revokeObjectURL(upload.previewUrl);
    this.uploads = [];
    this.status.textContent = "";
  }

  retranslate() {
    this.render();
  }
}
