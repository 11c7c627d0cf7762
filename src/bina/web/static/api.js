// The few calls the page makes to the Bina API (docs/api.md), with the error shape turned into
// ApiError and network failures kept apart from answers the server actually gave.

/** The server answered with an error: `status` is the HTTP status, `code` its `error` field. */
export class ApiError extends Error {
  constructor(status, body, retryAfterSeconds) {
    super((body && body.message) || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.body = body || {};
    this.code = (body && body.error) || "";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request never got an answer (offline, DNS, reset connection, timeout). */
export class NetworkError extends Error {
  constructor(cause) {
    super("network error");
    this.name = "NetworkError";
    this.cause = cause;
  }
}

/** A random UUID v4; crypto.randomUUID exists only on HTTPS, getRandomValues everywhere. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseRetryAfter(value) {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/** One call to the API: JSON in, JSON out; ApiError for an error answer, NetworkError for none. */
export async function request(url, { method = "GET", headers = {}, body, signal, timeoutMs = 30_000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("timeout", "TimeoutError")), timeoutMs);
  const abortFromCaller = () => controller.abort(signal.reason);
  if (signal) {
    if (signal.aborted) abortFromCaller();
    else signal.addEventListener("abort", abortFromCaller, { once: true });
  }
  try {
    let response;
    try {
      response = await fetch(url, {
        method,
        headers: { Accept: "application/json", ...headers },
        body,
        signal: controller.signal,
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (error) {
      if (signal && signal.aborted) throw error;
      throw new NetworkError(error);
    }
    if (response.status === 304) return { status: 304, data: null, headers: response.headers };
    let data = null;
    try {
      const text = await response.text();
      data = text ? JSON.parse(text) : null;
    } catch (error) {
      if (signal && signal.aborted) throw error;
      if (error instanceof SyntaxError) data = null;
      else throw new NetworkError(error);
    }
    if (!response.ok) {
      throw new ApiError(response.status, data, parseRetryAfter(response.headers.get("Retry-After")));
    }
    return { status: response.status, data, headers: response.headers };
  } finally {
    clearTimeout(timer);
    if (signal) signal.removeEventListener("abort", abortFromCaller);
  }
}

/** POST /api/generate/start: 202 with {job_id, status_url, stream_url}. */
export async function startJob({ description, language, idempotencyKey, signal }) {
  const { data } = await request("/api/generate/start", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
    body: JSON.stringify({ description, language }),
    signal,
  });
  return data;
}

/** GET /api/generate/status/{id}; `etag` makes a 304 possible, `wait` long-polls. */
export async function getStatus(jobId, { statusUrl, etag, wait = 0, signal } = {}) {
  const base = statusUrl || `/api/generate/status/${encodeURIComponent(jobId)}`;
  const url = wait > 0 ? `${base}${base.includes("?") ? "&" : "?"}wait=${wait}` : base;
  const headers = etag ? { "If-None-Match": etag } : {};
  // A long poll lasts `wait` seconds; on a slow link the answer (three whole pages) needs more.
  const response = await request(url, { headers, signal, timeoutMs: (wait + 15) * 1000 });
  return { status: response.status, data: response.data, etag: response.headers.get("ETag") || etag };
}

export function streamUrl(jobId, given) {
  return given || `/api/generate/stream/${encodeURIComponent(jobId)}`;
}

export async function cancelJob(jobId) {
  const { data } = await request(`/api/generate/${encodeURIComponent(jobId)}/cancel`, { method: "POST" });
  return data;
}

/** GET /api/usage: {limit, used, remaining, reset_at}. */
export async function getUsage() {
  const { data } = await request("/api/usage", { timeoutMs: 20_000 });
  return data;
}
