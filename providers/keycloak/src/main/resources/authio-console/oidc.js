// OpenID Connect authorization code flow with PKCE (S256) for a public client. Tokens live in this module's
// memory only: never in localStorage, sessionStorage, a cookie or a URL. Only the PKCE verifier, the state and
// the route to come back to are kept in sessionStorage across the redirect to Keycloak's login, and removed on
// return. The code comes back in the URL fragment (never sent to a server) and is erased from the address bar.

const PENDING = "authio.pkce";
let tokens = null;
let refreshTimer = null;
let config = null;

export function init(cfg) {
  config = cfg;
}

function endpoint(path) {
  return `${config.serverUrl}/realms/${encodeURIComponent(config.realm)}/protocol/openid-connect/${path}`;
}

function random(bytes) {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  return base64url(b);
}

function base64url(bytes) {
  let s = "";
  bytes.forEach((b) => { s += String.fromCharCode(b); });
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function challenge(verifier) {
  if (!crypto.subtle) throw new Error("insecure-context");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** Sends the browser to Keycloak's login; comes back to the page with the route given. */
export async function login(route, locale) {
  const verifier = random(48);
  const state = random(24);
  const nonce = random(24);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, route }));
  const params = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: config.pageUrl,
    response_type: "code",
    response_mode: "fragment",
    scope: "openid",
    state,
    nonce,
    code_challenge: await challenge(verifier),
    code_challenge_method: "S256",
  });
  if (locale) params.set("ui_locales", locale);
  window.location.assign(`${endpoint("auth")}?${params}`);
}

/**
 * Finishes a login if the address carries Keycloak's answer. Returns the route to show, or null when there was no
 * answer to handle. Throws on an answer that does not match the pending request.
 */
export async function handleRedirect() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  if (!fragment.has("state") || !(fragment.has("code") || fragment.has("error"))) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, "", window.location.pathname); // the code leaves the address bar at once
  if (!pending || pending.state !== fragment.get("state")) throw new Error("state-mismatch");
  if (fragment.has("error")) throw new Error(fragment.get("error"));
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code: fragment.get("code"),
    redirect_uri: config.pageUrl,
    client_id: config.clientId,
    code_verifier: pending.verifier,
  });
  await exchange(body);
  if (claims(tokens.id_token).nonce !== pending.nonce) {
    tokens = null;
    throw new Error("nonce-mismatch");
  }
  return pending.route || "";
}

async function exchange(body) {
  const r = await fetch(endpoint("token"), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
    credentials: "omit",
  });
  if (!r.ok) throw new Error("token-exchange-failed");
  tokens = await r.json();
  scheduleRefresh();
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  const exp = claims(tokens.access_token).exp * 1000;
  const delay = Math.max(5_000, exp - Date.now() - 30_000);
  refreshTimer = setTimeout(() => { refresh().catch(() => { tokens = null; }); }, delay);
}

export async function refresh() {
  if (!tokens || !tokens.refresh_token) throw new Error("no-session");
  await exchange(new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: config.clientId }));
}

/** The payload of a JWT (the server verified it; this only reads it). */
export function claims(jwt) {
  const part = (jwt || "").split(".")[1] || "";
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(decodeURIComponent(Array.from(json, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("")));
}

export function accessToken() {
  return tokens ? tokens.access_token : null;
}

export function signedIn() {
  return tokens !== null;
}

export function user() {
  return tokens ? claims(tokens.id_token || tokens.access_token) : null;
}

export function logout() {
  const hint = tokens && tokens.id_token;
  tokens = null;
  clearTimeout(refreshTimer);
  const params = new URLSearchParams({ client_id: config.clientId, post_logout_redirect_uri: config.pageUrl });
  if (hint) params.set("id_token_hint", hint);
  window.location.assign(`${endpoint("logout")}?${params}`);
}
