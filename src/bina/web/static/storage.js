// The current job survives reloads, locked screens and closed tabs: it lives in localStorage for
// 24 hours (the server keeps finished jobs that long too). Writing can fail (private mode, a
// full quota); the page then still works, it just cannot resume.

const KEY = "bina.job.v1";
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The saved job, or null. Fields: idempotencyKey, description, language, createdAt, and once the
 * server answered: jobId, statusUrl, streamUrl, snapshot (the last status seen), dismissed.
 */
export function loadJob() {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const saved = JSON.parse(raw);
    if (!saved || typeof saved !== "object" || typeof saved.createdAt !== "number") return null;
    if (Date.now() - saved.createdAt > MAX_AGE_MS) {
      clearJob();
      return null;
    }
    return saved;
  } catch {
    return null;
  }
}

export function saveJob(saved) {
  try {
    localStorage.setItem(KEY, JSON.stringify(saved));
    return true;
  } catch {
    // Too big with three whole pages in it? Keep the id at least: the server has the rest.
    try {
      const light = { ...saved, snapshot: saved.snapshot ? { ...saved.snapshot, styles: [], html: null } : null };
      localStorage.setItem(KEY, JSON.stringify(light));
    } catch {
      // Storage is unavailable: nothing more to do.
    }
    return false;
  }
}

export function clearJob() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Storage is unavailable.
  }
}
