// Authio's API with the caller's own token: the admin API under /admin/realms/{realm}/authio and the user
// endpoints under /realms/{realm}/authio. Refusals come back as ApiError with Authio's {error, error_description}.
import * as oidc from "./oidc.js";

let config = null;

export function init(cfg) {
  config = cfg;
}

export class ApiError extends Error {
  constructor(status, error, description) {
    super(description || error || `HTTP ${status}`);
    this.status = status;
    this.error = error;
    this.description = description;
  }
}

export function adminUrl(realm, path) {
  return `${config.adminUrl}/admin/realms/${encodeURIComponent(realm)}/authio${path}`;
}

export function userUrl(path) {
  return `${config.serverUrl}/realms/${encodeURIComponent(config.realm)}/authio${path}`;
}

/** Calls an endpoint; returns the parsed JSON (null for 204), or a Blob when {blob: true}. */
export async function call(url, { method = "GET", body, accept = "application/json", blob = false } = {}) {
  let response = await send(url, method, body, accept);
  if (response.status === 401 && oidc.signedIn()) {
    try {
      await oidc.refresh();
      response = await send(url, method, body, accept);
    } catch (e) {
      // the session ended: the caller signs in again
    }
  }
  if (!response.ok) {
    let error = null;
    let description = null;
    try {
      const j = await response.json();
      error = j.error;
      description = j.error_description;
    } catch (e) {
      // not JSON
    }
    throw new ApiError(response.status, error, description);
  }
  if (blob) return response.blob();
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

function send(url, method, body, accept) {
  const headers = { Accept: accept, Authorization: `Bearer ${oidc.accessToken()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit", cache: "no-store" });
}

export function admin(realm, path, options) {
  return call(adminUrl(realm, path), options);
}

/** Query string from an object, without empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Saves a Blob as a file the browser downloads. */
export function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
