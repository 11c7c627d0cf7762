// The /create page: describe a business, start a durable job, follow it to three designs;
// then one design becomes the owner's site (sites.js).
//
// The job id is saved before anything waits on it (the Idempotency-Key even before the request
// is sent), so a reload, a locked screen or a dropped connection resumes the same job instead of
// losing it, or charging the free quota twice.

import { ApiError, NetworkError, cancelJob, getUsage, newIdempotencyKey, startJob } from "./api.js";
import { JobFollower } from "./follow.js";
import { currentLanguage, formatWhen, onLanguageChange, setLanguage, t } from "./i18n.js";
import { ResultsView } from "./results.js";
import { SitesController } from "./sites.js";
import { clearJob, loadJob, saveJob } from "./storage.js";

const MAX_CHARS = 5000;
const SLOW_AFTER_MS = 3 * 60 * 1000;
const EXPECTED_STYLES = 3;
const START_ATTEMPTS = 5;
const STAGE_ORDER = ["analyzing", "images", "styles", "completed"];

const byId = (id) => document.getElementById(id);
const ui = {
  compose: byId("compose"),
  form: byId("generate-form"),
  description: byId("description"),
  count: byId("description-count"),
  examples: byId("examples"),
  formError: byId("form-error"),
  generate: byId("generate"),
  quota: byId("quota"),
  showLast: byId("show-last"),
  alert: byId("alert"),
  alertMessage: byId("alert-message"),
  alertDetail: byId("alert-detail"),
  alertRetry: byId("alert-retry"),
  alertDismiss: byId("alert-dismiss"),
  progress: byId("progress"),
  progressTitle: byId("progress-title"),
  progressDescription: byId("progress-description"),
  bar: byId("progress-bar"),
  percent: byId("progress-percent"),
  stage: byId("stage"),
  note: byId("progress-note"),
  cancel: byId("cancel"),
  results: byId("results"),
  again: byId("again"),
  useDesign: byId("use-design"),
  useDesignHint: document.querySelector(".use-design-hint"),
};

const results = new ResultsView();
const sites = new SitesController({
  hideJob: () => {
    hideAlert();
    show(ui.compose, false);
    show(ui.progress, false);
    show(ui.results, false);
  },
  newSite: () => backToJob(),
  say: (text) => results.say(text),
});
let saved = null; // the job record in localStorage (see storage.js)
let follower = null;
let usage = null;
let usageTimer = null;
let slowTimer = null;
let slow = false;
let connection = "live";
let starting = false;
let alertState = null; // {key, values, detail, retry} so the alert can be re-rendered in the other language
let formErrorKey = null;
let resumed = false;
// What the bar shows never goes back: not from "sending" (2%) to "queued" (0%), nor when the
// server retries the job after a lost worker (the stage text still says what happens now).
let shownProgress = 0;

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

function show(element, visible) {
  element.hidden = !visible;
  // While a job is on screen, the form (and the hero above it) steps aside for it.
  if (element === ui.compose) document.body.dataset.mode = visible ? "compose" : "job";
}

function focusSection(section) {
  section.focus({ preventScroll: true });
  section.scrollIntoView({ behavior: reducedMotion ? "auto" : "smooth", block: "start" });
}

function sleep(milliseconds) {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function waitUntilOnline() {
  if (navigator.onLine) return Promise.resolve();
  return new Promise((resolve) => window.addEventListener("online", () => resolve(), { once: true }));
}

// --- the form -----------------------------------------------------------------------------------

function renderCount() {
  const length = ui.description.value.length;
  ui.count.textContent = length > MAX_CHARS * 0.8 ? `${length} / ${MAX_CHARS}` : t("character_count", { count: length });
  ui.count.classList.toggle("count-over", length > MAX_CHARS);
}

function renderExamples() {
  const chips = t("examples").map((example, index) => {
    const chip = document.createElement("button");
    chip.type = "button";
    chip.className = "chip";
    chip.dataset.example = String(index);
    chip.textContent = example.label;
    return chip;
  });
  ui.examples.replaceChildren(...chips);
}

function setFormError(key) {
  formErrorKey = key;
  show(ui.formError, Boolean(key));
  ui.formError.textContent = key ? t(key) : "";
  if (key) ui.description.setAttribute("aria-invalid", "true");
  else ui.description.removeAttribute("aria-invalid");
}

function setBusy(busy) {
  starting = busy;
  ui.generate.setAttribute("aria-busy", String(busy));
  ui.generate.querySelector("span").textContent = busy ? t("generating") : t("generate");
}

// --- quota ----------------------------------------------------------------------------------------

function quotaUsedUp() {
  return Boolean(usage && usage.limit > 0 && usage.remaining === 0);
}

function renderQuota() {
  clearTimeout(usageTimer);
  const unlimited = !usage || !usage.limit || usage.remaining === null || usage.remaining === undefined;
  show(ui.quota, !unlimited);
  ui.generate.removeAttribute("aria-disabled");
  ui.quota.classList.remove("quota-out");
  if (unlimited) return;
  if (usage.remaining > 0) {
    ui.quota.textContent = t("quota_left", { remaining: usage.remaining, limit: usage.limit });
    return;
  }
  const resetAt = usage.reset_at ? new Date(usage.reset_at) : null;
  ui.quota.textContent = t("quota_used_up", { when: formatWhen(resetAt) });
  // The quota alert above the form already says exactly this.
  if (alertState && alertState.key === "error_quota") show(ui.quota, false);
  ui.quota.classList.add("quota-out");
  // aria-disabled, not disabled: it stays focusable and a tap explains why.
  ui.generate.setAttribute("aria-disabled", "true");
  if (resetAt) {
    const wait = Math.min(Math.max(resetAt.getTime() - Date.now() + 1500, 5000), 2 ** 31 - 1);
    usageTimer = setTimeout(refreshUsage, wait);
  }
}

async function refreshUsage() {
  try {
    usage = await getUsage();
  } catch {
    usage = null; // Not knowing the quota must not block anyone: the server still enforces it.
  }
  renderQuota();
}

// --- the alert ------------------------------------------------------------------------------------

function showAlert(key, { values = {}, detail = "", retry = null, focus = true } = {}) {
  alertState = { key, values, detail, retry };
  renderAlert();
  renderQuota();
  show(ui.alert, true);
  if (focus) focusSection(ui.alert);
}

function renderAlert() {
  if (!alertState) return;
  const { key, values, detail, retry } = alertState;
  ui.alertMessage.textContent = t(key, typeof values === "function" ? values() : values);
  ui.alertDetail.textContent = detail ? t("error_detail", { detail }) : "";
  show(ui.alertDetail, Boolean(detail));
  show(ui.alertRetry, Boolean(retry));
  ui.alert.dataset.error = key;
}

function hideAlert() {
  const wasQuota = alertState && alertState.key === "error_quota";
  alertState = null;
  show(ui.alert, false);
  delete ui.alert.dataset.error;
  if (wasQuota) renderQuota();
}

/** The server said no to a start: the user's language, and a way forward. */
function showStartError(error, retry) {
  if (error instanceof NetworkError) {
    showAlert("error_network", { retry });
    return;
  }
  const body = error.body || {};
  if (error.status === 429) {
    const seconds = body.retry_after_seconds ?? error.retryAfterSeconds;
    const resetAt = body.reset_at ? new Date(body.reset_at) : seconds !== undefined ? new Date(Date.now() + seconds * 1000) : null;
    usage = { limit: body.limit ?? usage?.limit ?? 0, used: body.used ?? usage?.used ?? 0, remaining: 0, reset_at: resetAt && resetAt.toISOString() };
    renderQuota();
    showAlert("error_quota", { values: () => ({ limit: usage.limit || "", when: formatWhen(resetAt) }) });
    return;
  }
  if (error.status === 413) {
    showAlert("error_too_long");
    return;
  }
  if (error.status === 422 || error.status === 400) {
    showAlert("error_invalid", { detail: error.message });
    return;
  }
  if (error.status === 503) {
    const seconds = error.retryAfterSeconds;
    showAlert(seconds ? "error_busy_seconds" : "error_busy", { values: { seconds }, retry });
    return;
  }
  showAlert("error_server", { detail: error.code, retry });
}

// --- progress -------------------------------------------------------------------------------------

function stageText(snapshot) {
  if (!snapshot || snapshot.status === "starting") return t("stage_starting");
  if (snapshot.status === "queued" || snapshot.stage === "queued") return t("stage_queued");
  const done = (snapshot.styles || []).length;
  switch (snapshot.stage) {
    case "analyzing":
      return t("stage_analyzing");
    case "images":
      return t("stage_images");
    case "completed":
      return t("stage_completed");
    default: {
      const base = t("stage_styles");
      return done ? `${base} ${t("styles_done", { done, total: Math.max(done, EXPECTED_STYLES) })}` : base;
    }
  }
}

function renderNote() {
  const notes = [];
  if (connection === "offline") notes.push(t("note_offline"));
  else if (connection === "retrying") notes.push(t("note_retrying"));
  if (slow) notes.push(t("note_slow"));
  if (!notes.length && resumed) notes.push(t("note_resumed"));
  ui.note.textContent = notes.join(" ");
  show(ui.note, notes.length > 0);
  ui.note.dataset.state = connection === "live" ? (slow ? "slow" : "info") : connection;
}

function renderProgress(snapshot) {
  const reported = snapshot.status === "starting" ? 2 : Math.max(0, Math.min(100, Number(snapshot.progress) || 0));
  const progress = Math.max(shownProgress, reported);
  shownProgress = progress;
  const text = stageText(snapshot);
  ui.bar.value = progress;
  ui.bar.setAttribute("aria-valuetext", `${progress}% — ${text}`);
  ui.percent.textContent = `${progress}%`;
  if (ui.stage.textContent !== text) ui.stage.textContent = text;
  ui.progress.dataset.stage = snapshot.stage || snapshot.status || "";
  const current = STAGE_ORDER.indexOf(snapshot.stage);
  for (const step of ui.progress.querySelectorAll("[data-step]")) {
    const index = STAGE_ORDER.indexOf(step.dataset.step);
    step.classList.toggle("step-done", current > index || snapshot.status === "completed");
    step.classList.toggle("step-current", current === index && snapshot.status !== "completed");
  }
  ui.progressDescription.textContent = saved ? saved.description : "";
  renderNote();
}

function startSlowTimer() {
  clearTimeout(slowTimer);
  slow = false;
  const createdAt = saved ? saved.createdAt : Date.now();
  slowTimer = setTimeout(() => {
    slow = true;
    renderNote();
  }, Math.max(0, createdAt + SLOW_AFTER_MS - Date.now()));
}

function renderStyles(snapshot, running) {
  const styles = snapshot.styles || [];
  const pending = running ? EXPECTED_STYLES - styles.length : 0;
  // While a site view is open, the job goes on underneath without taking the screen.
  show(ui.results, styles.length > 0 && !sites.active);
  show(ui.again, !running);
  // A site is made from a finished job only.
  show(ui.useDesign, !running);
  show(ui.useDesignHint, !running);
  results.update(styles, pending);
}

// --- the job --------------------------------------------------------------------------------------

function persist(snapshot) {
  if (!saved) return;
  saved.snapshot = snapshot;
  saveJob(saved);
}

function enterProgress() {
  hideAlert();
  setFormError(null);
  show(ui.compose, false);
  show(ui.progress, true);
  show(ui.cancel, Boolean(saved && saved.jobId));
}

function follow() {
  if (follower) follower.stop();
  enterProgress();
  startSlowTimer();
  const snapshot = saved.snapshot || { status: "queued", stage: "queued", progress: 0, styles: [] };
  renderProgress(snapshot);
  renderStyles(snapshot, true);
  follower = new JobFollower({
    jobId: saved.jobId,
    statusUrl: saved.statusUrl,
    streamUrl: saved.streamUrl,
    snapshot,
    onUpdate: (next) => {
      persist(next);
      renderProgress(next);
      renderStyles(next, true);
    },
    onFinish: (final) => finish(final),
    onConnection: (state) => {
      connection = state;
      renderNote();
    },
  });
  follower.start();
}

function finish(snapshot) {
  clearTimeout(slowTimer);
  follower = null;
  connection = "live";
  if (sites.active) {
    // The owner is busy with a site: the outcome waits for their return (backToJob).
    persist(snapshot);
    return;
  }
  if (snapshot.status === "not_found") {
    clearJob();
    saved = null;
    leaveProgress();
    showAlert("error_not_found");
    return;
  }
  persist(snapshot);
  if (snapshot.status === "completed" && (snapshot.styles || []).length) {
    renderProgress({ ...snapshot, stage: "completed", progress: 100 });
    show(ui.progress, false);
    renderStyles(snapshot, false);
    focusSection(ui.results);
    refreshUsage();
    return;
  }
  const description = saved ? saved.description : ui.description.value;
  const language = saved ? saved.language : currentLanguage();
  leaveProgress();
  refreshUsage(); // A job that failed through no fault of the user gave its quota back.
  if (snapshot.status === "canceled") {
    showAlert("error_canceled");
    return;
  }
  showAlert("error_failed", {
    detail: snapshot.error || "",
    retry: () => begin(description, language),
  });
}

function leaveProgress() {
  show(ui.progress, false);
  show(ui.results, false);
  results.clear();
  show(ui.compose, true);
  if (saved && saved.description && !ui.description.value) {
    ui.description.value = saved.description;
    renderCount();
  }
}

async function submitStart() {
  const record = saved;
  setBusy(true);
  enterProgress();
  startSlowTimer();
  renderProgress({ status: "starting", progress: 0, styles: [] });
  renderStyles({ styles: [] }, false);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const answer = await startJob({
        description: record.description,
        language: record.language,
        idempotencyKey: record.idempotencyKey,
      });
      if (saved !== record) return;
      record.jobId = answer.job_id;
      record.statusUrl = answer.status_url;
      record.streamUrl = answer.stream_url;
      record.snapshot = { job_id: answer.job_id, status: answer.status || "queued", stage: "queued", progress: 0, styles: [] };
      saveJob(record);
      setBusy(false);
      refreshUsage();
      follow();
      return;
    } catch (error) {
      if (saved !== record) return;
      if (error instanceof NetworkError && attempt < START_ATTEMPTS) {
        // Same Idempotency-Key: if the first request did reach the server, this finds that job.
        connection = navigator.onLine ? "retrying" : "offline";
        renderNote();
        await waitUntilOnline();
        await sleep(navigator.onLine ? 1000 * 2 ** (attempt - 1) : 0);
        connection = "live";
        continue;
      }
      setBusy(false);
      connection = "live";
      const retryable = error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
      if (!(error instanceof NetworkError)) clearJob(); // The server said no: there is no job.
      leaveProgress();
      ui.description.value = record.description;
      renderCount();
      showStartError(error, retryable ? () => retryStart(record) : null);
      return;
    }
  }
}

function retryStart(record) {
  saved = record;
  saveJob(record);
  submitStart();
}

function begin(description, language) {
  if (follower) follower.stop();
  follower = null;
  resumed = false;
  slow = false;
  results.clear();
  shownProgress = 0;
  saved = { idempotencyKey: newIdempotencyKey(), description, language, createdAt: Date.now() };
  // Saved before the request leaves: a reload while it is in flight retries with the same key.
  saveJob(saved);
  submitStart();
}

function onSubmit(event) {
  event.preventDefault();
  if (starting) return;
  const description = ui.description.value.trim();
  if (!description) {
    setFormError("error_empty");
    ui.description.focus();
    return;
  }
  if (description.length > MAX_CHARS) {
    setFormError("error_too_long");
    ui.description.focus();
    return;
  }
  if (quotaUsedUp()) {
    showAlert("error_quota", {
      values: () => ({ limit: usage.limit, when: formatWhen(usage.reset_at ? new Date(usage.reset_at) : null) }),
    });
    return;
  }
  begin(description, currentLanguage());
}

function generateAgain() {
  if (saved) {
    saved.dismissed = true;
    saveJob(saved);
    ui.description.value = saved.description;
  }
  show(ui.results, false);
  show(ui.progress, false);
  hideAlert();
  show(ui.compose, true);
  show(ui.showLast, Boolean(saved && saved.snapshot && saved.snapshot.status === "completed"));
  renderCount();
  focusSection(ui.compose);
  ui.description.focus({ preventScroll: true });
}

/** From a site view back to the job: its progress while it runs, else the form. */
function backToJob() {
  if (follower || starting) {
    show(ui.compose, false);
    show(ui.progress, true);
    const snapshot = (follower && follower.snapshot) || (saved && saved.snapshot) || { status: "starting", styles: [] };
    renderProgress(snapshot);
    renderStyles(snapshot, true);
    focusSection(ui.progress);
    return;
  }
  const status = saved && saved.snapshot && saved.snapshot.status;
  if (saved && !saved.dismissed && (status === "failed" || status === "canceled")) {
    // It ended while the owner was away: say how, once.
    finish(saved.snapshot);
    return;
  }
  if (saved && saved.jobId && !saved.dismissed && status && status !== "completed") {
    follow();
    return;
  }
  generateAgain();
}

function showLastDesigns() {
  if (!saved || !saved.snapshot) return;
  saved.dismissed = false;
  saveJob(saved);
  show(ui.compose, false);
  show(ui.showLast, false);
  hideAlert();
  renderStyles(saved.snapshot, false);
  focusSection(ui.results);
}

async function onCancel() {
  if (!saved || !saved.jobId) return;
  ui.cancel.disabled = true;
  try {
    await cancelJob(saved.jobId);
    // The follower hears `canceled` from the server and finishes the page.
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) return; // Already finished.
  } finally {
    ui.cancel.disabled = false;
  }
}

/** A job saved by an earlier visit: follow it if it is still running, show it if it finished. */
function resume() {
  saved = loadJob();
  if (!saved) return;
  ui.description.value = saved.description || "";
  renderCount();
  if (saved.dismissed) {
    show(ui.showLast, Boolean(saved.snapshot && saved.snapshot.status === "completed"));
    return;
  }
  resumed = true;
  if (!saved.jobId) {
    submitStart();
    return;
  }
  const status = saved.snapshot && saved.snapshot.status;
  if (status === "completed" && (saved.snapshot.styles || []).length) {
    show(ui.compose, false);
    renderStyles(saved.snapshot, false);
    return;
  }
  if (status === "failed" || status === "canceled") {
    // Already reported on the visit when it ended; start fresh, text kept.
    saved.dismissed = true;
    saveJob(saved);
    return;
  }
  follow();
}

// --- wiring ---------------------------------------------------------------------------------------

function retranslate() {
  renderExamples();
  renderCount();
  renderQuota();
  renderAlert();
  if (formErrorKey) setFormError(formErrorKey);
  setBusy(starting);
  if (!ui.progress.hidden) renderProgress((follower && follower.snapshot) || (saved && saved.snapshot) || { status: "starting" });
  results.retranslate();
  sites.retranslate();
}

function init() {
  ui.form.addEventListener("submit", onSubmit);
  ui.description.addEventListener("input", () => {
    renderCount();
    if (formErrorKey) setFormError(null);
  });
  ui.examples.addEventListener("click", (event) => {
    const chip = event.target.closest("[data-example]");
    if (!chip) return;
    ui.description.value = t("examples")[Number(chip.dataset.example)].text;
    renderCount();
    setFormError(null);
  });
  for (const button of document.querySelectorAll(".lang-toggle [data-lang]")) {
    button.addEventListener("click", () => {
      const previous = currentLanguage();
      const examples = t("examples").map((example) => example.text);
      setLanguage(button.dataset.lang);
      for (const other of document.querySelectorAll(".lang-toggle [data-lang]")) {
        other.setAttribute("aria-pressed", String(other.dataset.lang === currentLanguage()));
      }
      // An untouched example follows the language; the owner's own words never change.
      const index = examples.indexOf(ui.description.value);
      if (previous !== currentLanguage() && index >= 0) ui.description.value = t("examples")[index].text;
    });
  }
  onLanguageChange(retranslate);
  ui.alertDismiss.addEventListener("click", () => {
    hideAlert();
    if (!ui.compose.hidden) ui.description.focus();
  });
  ui.alertRetry.addEventListener("click", () => {
    const retry = alertState && alertState.retry;
    hideAlert();
    if (retry) retry();
  });
  ui.cancel.addEventListener("click", onCancel);
  ui.again.addEventListener("click", generateAgain);
  ui.showLast.addEventListener("click", showLastDesigns);
  ui.useDesign.addEventListener("click", () => sites.useDesign(saved && saved.jobId, results.selected));
  renderCount();
  resume();
  sites.resume();
  refreshUsage();
  document.documentElement.dataset.ready = "true";
}

init();
