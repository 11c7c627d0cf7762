// Follows one job to its end, whatever the network does.
//
// Server-Sent Events first (GET /api/generate/stream/{id}); when the stream fails, is cut or goes
// quiet while the job moved on, long polling (GET /api/generate/status/{id}?wait=25 with
// If-None-Match, at most one request every 3 s). While the browser is offline it makes no
// requests at all and reconnects the moment it is back, or when a locked screen is unlocked.
// It never decides a job failed: only the server's `failed`/`canceled` (or a 404) end it.

import { ApiError, getStatus, streamUrl } from "./api.js";

export const FINISHED = new Set(["completed", "failed", "canceled"]);
const POLL_INTERVAL_MS = 3000;
const LONG_POLL_SECONDS = 25;
// Short: on a flaky phone network a stalled request is the common failure, and every second
// of back-off past the outage is a second the finished site sits unseen (bench/mobile.py).
const MAX_BACKOFF_MS = 10_000;
const STREAM_SILENCE_MS = 20_000;
const MAX_STREAM_FAILURES = 3;
const STREAM_EVENTS = ["progress", "style", "completed", "failed", "canceled"];
const SNAPSHOT_FIELDS = ["job_id", "status", "progress", "stage", "message", "html", "error", "created_at", "updated_at"];

function styleOf(item) {
  if (!item || typeof item !== "object") return null;
  if (item.style && typeof item.style === "object") return styleOf(item.style);
  if (typeof item.html !== "string" || !item.style) return null;
  return { style: String(item.style), name: item.name || String(item.style), description: item.description || "", html: item.html };
}

/** How far along a snapshot is, to tell whether one view of the job is behind another. */
function advancement(snapshot) {
  if (!snapshot) return -1;
  const finished = FINISHED.has(snapshot.status) ? 1000 : 0;
  return finished + (Number(snapshot.progress) || 0) + (snapshot.styles ? snapshot.styles.length : 0);
}

export class JobFollower {
  /**
   * @param {object} options
   * @param {string} options.jobId
   * @param {string} [options.statusUrl] @param {string} [options.streamUrl]
   * @param {object} [options.snapshot] the last state seen (from localStorage)
   * @param {(snapshot: object) => void} options.onUpdate every change of the job
   * @param {(snapshot: object) => void} options.onFinish once: completed, failed, canceled, not_found
   * @param {(state: string) => void} [options.onConnection] "live" | "retrying" | "offline"
   */
  constructor({ jobId, statusUrl, streamUrl: stream, snapshot, onUpdate, onFinish, onConnection }) {
    this.jobId = jobId;
    this.statusUrl = statusUrl;
    this.streamUrl = streamUrl(jobId, stream);
    this.snapshot = { job_id: jobId, status: "queued", progress: 0, stage: "queued", styles: [], ...(snapshot || {}) };
    this.onUpdate = onUpdate;
    this.onFinish = onFinish;
    this.onConnection = onConnection || (() => {});
    this.etag = null;
    this.session = 0;
    this.eventSource = null;
    this.abortController = null;
    this.watchdog = null;
    this.wake = null;
    this.streamFailures = 0;
    this.lastHeard = 0;
    this.connection = "";
    this.finished = false;
    this.stopped = false;
    this.listeners = {
      online: () => this.connect(),
      offline: () => {
        this.teardown();
        this.setConnection("offline");
      },
      visibilitychange: () => {
        if (document.visibilityState === "visible") this.nudge();
      },
      pageshow: (event) => {
        if (event.persisted) this.connect();
      },
      resume: () => this.connect(),
    };
  }

  start() {
    window.addEventListener("online", this.listeners.online);
    window.addEventListener("offline", this.listeners.offline);
    window.addEventListener("pageshow", this.listeners.pageshow);
    document.addEventListener("visibilitychange", this.listeners.visibilitychange);
    document.addEventListener("resume", this.listeners.resume);
    this.connect();
  }

  /** Stop following (the page moves on); the job itself goes on on the server. */
  stop() {
    this.stopped = true;
    this.teardown();
    window.removeEventListener("online", this.listeners.online);
    window.removeEventListener("offline", this.listeners.offline);
    window.removeEventListener("pageshow", this.listeners.pageshow);
    document.removeEventListener("visibilitychange", this.listeners.visibilitychange);
    document.removeEventListener("resume", this.listeners.resume);
  }

  /** After a locked screen or a background tab: catch up at once unless we just heard. */
  nudge() {
    if (this.finished || this.stopped) return;
    if (!this.eventSource || Date.now() - this.lastHeard > 5000) this.connect();
  }

  connect() {
    if (this.finished || this.stopped) return;
    this.teardown();
    if (!navigator.onLine) {
      this.setConnection("offline");
      return;
    }
    this.run(this.session);
  }

  teardown() {
    this.session += 1;
    if (this.eventSource) this.eventSource.close();
    this.eventSource = null;
    if (this.abortController) this.abortController.abort();
    this.abortController = null;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (this.wake) this.wake();
    this.wake = null;
  }

  isStale(session) {
    return session !== this.session || this.finished || this.stopped;
  }

  setConnection(state) {
    if (state === this.connection) return;
    this.connection = state;
    this.onConnection(state);
  }

  sleep(milliseconds, session) {
    return new Promise((resolve) => {
      const timer = setTimeout(done, milliseconds);
      const wake = () => done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      if (session === this.session) this.wake = wake;
      else done();
    });
  }

  async run(session) {
    // First the whole current state (a resumed page may have missed everything), then updates.
    const result = await this.fetchStatus(session, 0);
    if (this.isStale(session)) return;
    const canStream = typeof EventSource === "function" && this.streamFailures < MAX_STREAM_FAILURES;
    if (result === "ok" && canStream) this.openStream(session);
    else this.pollLoop(session, result === "ok" ? 0 : 1);
  }

  /** One status request; "ok", "error" (try again later) or "stale" (superseded or finished). */
  async fetchStatus(session, wait) {
    const controller = new AbortController();
    this.abortController = controller;
    try {
      const response = await getStatus(this.jobId, {
        statusUrl: this.statusUrl,
        etag: this.etag,
        wait,
        signal: controller.signal,
      });
      if (this.isStale(session)) return "stale";
      this.lastHeard = Date.now();
      this.setConnection("live");
      if (response.status !== 304 && response.data) {
        this.etag = response.etag;
        this.applyStatus(response.data);
      }
      return this.finished ? "stale" : "ok";
    } catch (error) {
      if (this.isStale(session) || controller.signal.aborted) return "stale";
      if (error instanceof ApiError && error.status === 404) {
        this.finish({ ...this.snapshot, status: "not_found", error: error.message });
        return "stale";
      }
      return "error";
    } finally {
      if (this.abortController === controller) this.abortController = null;
    }
  }

  async pollLoop(session, failures) {
    while (!this.isStale(session)) {
      if (failures > 0) {
        this.setConnection(navigator.onLine ? "retrying" : "offline");
        // When offline, the `online` event reconnects; no request until then.
        if (!navigator.onLine) return;
        await this.sleep(Math.min(POLL_INTERVAL_MS * 2 ** (failures - 1), MAX_BACKOFF_MS), session);
        if (this.isStale(session)) return;
      }
      const began = Date.now();
      const result = await this.fetchStatus(session, LONG_POLL_SECONDS);
      if (result === "stale") return;
      if (result === "error") {
        failures += 1;
        continue;
      }
      failures = 0;
      // A server that answers a long poll at once must still not be asked more than every 3 s.
      const rest = POLL_INTERVAL_MS - (Date.now() - began);
      if (rest > 0) await this.sleep(rest, session);
    }
  }

  openStream(session) {
    const source = new EventSource(this.streamUrl);
    this.eventSource = source;
    for (const type of STREAM_EVENTS) {
      source.addEventListener(type, (event) => this.onStreamEvent(session, type, event));
    }
    source.onmessage = (event) => this.onStreamEvent(session, "progress", event);
    source.onopen = () => {
      if (this.isStale(session)) return;
      this.lastHeard = Date.now();
      this.setConnection("live");
    };
    source.onerror = () => {
      if (this.isStale(session) || source !== this.eventSource) return;
      // Cut, refused or not an event stream at all: fall back to polling, which starts by
      // fetching the whole state, so nothing the stream would have said is lost.
      source.close();
      this.eventSource = null;
      this.streamFailures += 1;
      clearInterval(this.watchdog);
      this.watchdog = null;
      this.pollLoop(session, navigator.onLine ? 0 : 1);
    };
    // A proxy that buffers the stream leaves it open and silent: check the job now and then.
    this.watchdog = setInterval(() => {
      if (!this.isStale(session) && Date.now() - this.lastHeard > STREAM_SILENCE_MS) {
        this.checkStream(session);
      }
    }, 5000);
  }

  async checkStream(session) {
    const before = advancement(this.snapshot);
    const result = await this.fetchStatus(session, 0);
    if (result !== "ok" || this.isStale(session)) return;
    if (advancement(this.snapshot) > before && this.eventSource) {
      this.eventSource.close();
      this.eventSource = null;
      this.streamFailures += 1;
      clearInterval(this.watchdog);
      this.watchdog = null;
      this.pollLoop(session, 0);
    }
  }

  onStreamEvent(session, type, event) {
    if (this.isStale(session)) return;
    this.lastHeard = Date.now();
    this.setConnection("live");
    let data = {};
    try {
      data = event.data ? JSON.parse(event.data) : {};
    } catch {
      data = {};
    }
    if (!data || typeof data !== "object") data = {};
    let complete = true;
    if (type === "style") {
      this.mergeStyles(data);
      this.merge(data, { fromStyleEvent: true });
    } else {
      complete = this.merge(data);
    }
    if (FINISHED.has(type)) {
      this.snapshot.status = type;
      if (this.eventSource) this.eventSource.close();
      this.eventSource = null;
      if (type === "completed" && (!complete || !Array.isArray(data.styles) || !this.snapshot.styles.length)) {
        // The final event did not bring every page: take them from the status, once.
        this.snapshot.status = "processing";
        this.teardown();
        this.pollLoop(this.session, 0);
        return;
      }
      this.finish(this.snapshot);
      return;
    }
    this.onUpdate(this.snapshot);
  }

  mergeStyles(data) {
    if (Array.isArray(data.styles)) {
      this.mergeStyleList(data.styles);
      return;
    }
    const style = styleOf(data);
    if (!style) return;
    const styles = [...(this.snapshot.styles || [])];
    const index = styles.findIndex((existing) => existing.style === style.style);
    if (index >= 0) styles[index] = style;
    else styles.push(style);
    this.snapshot.styles = styles;
  }

  /**
   * A list of styles from the server. The final stream event lists them without their HTML
   * (the `style` events carried it): keep the pages already held; report whether any is missing.
   */
  mergeStyleList(list) {
    const held = new Map((this.snapshot.styles || []).map((style) => [style.style, style]));
    let missing = false;
    const merged = [];
    for (const item of list) {
      const full = styleOf(item);
      const key = item && (typeof item.style === "object" ? item.style.style : item.style);
      if (full) merged.push(full);
      else if (key && held.has(String(key))) {
        const old = held.get(String(key));
        merged.push({ ...old, name: item.name || old.name, description: item.description || old.description });
      } else missing = true;
    }
    this.snapshot.styles = merged;
    return !missing;
  }

  /** Take the job fields an answer carries; a style event's `html` is its own page, not the job's. */
  merge(data, { fromStyleEvent = false } = {}) {
    for (const field of SNAPSHOT_FIELDS) {
      if (fromStyleEvent && field === "html") continue;
      if (data[field] !== undefined && data[field] !== null) this.snapshot[field] = data[field];
    }
    if (!fromStyleEvent && Array.isArray(data.styles)) return this.mergeStyleList(data.styles);
    return true;
  }

  applyStatus(data) {
    this.merge(data);
    if (data.status) this.snapshot.status = data.status;
    if (FINISHED.has(this.snapshot.status)) this.finish(this.snapshot);
    else this.onUpdate(this.snapshot);
  }

  finish(snapshot) {
    if (this.finished) return;
    this.teardown();
    this.finished = true;
    this.stop();
    this.onFinish(snapshot);
  }
}
