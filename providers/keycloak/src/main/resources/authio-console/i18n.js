// English and German. The language is the one picked in the masthead (kept for this browser tab), else the
// browser's first preference Authio speaks.
const SUPPORTED = ["en", "de"];
let messages = {};
let fallback = {};
let current = "en";

export function language() {
  return current;
}

export function supported() {
  return SUPPORTED;
}

export function preferred() {
  const picked = sessionStorage.getItem("authio.lang");
  if (SUPPORTED.includes(picked)) return picked;
  for (const l of navigator.languages || [navigator.language || "en"]) {
    const short = String(l).slice(0, 2).toLowerCase();
    if (SUPPORTED.includes(short)) return short;
  }
  return "en";
}

export async function load(assets, lang) {
  current = SUPPORTED.includes(lang) ? lang : "en";
  fallback = await fetchJson(`${assets}messages/en.json`);
  messages = current === "en" ? fallback : await fetchJson(`${assets}messages/${current}.json`);
  document.documentElement.lang = current;
}

export function pick(lang) {
  sessionStorage.setItem("authio.lang", lang);
}

async function fetchJson(url) {
  const r = await fetch(url, { credentials: "omit" });
  if (!r.ok) throw new Error(`messages ${url}: ${r.status}`);
  return r.json();
}

/** t("key", {name: value}): the message with {name} placeholders filled; the key itself if unknown. */
export function t(key, params) {
  let text = messages[key] ?? fallback[key] ?? key;
  for (const [k, v] of Object.entries(params || {})) {
    text = text.split(`{${k}}`).join(String(v));
  }
  return text;
}

/** A timestamp in the reader's language and time zone. */
export function time(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(current === "de" ? "de-DE" : "en-GB", { timeZoneName: "short" });
}

export function number(n) {
  return Number(n ?? 0).toLocaleString(current === "de" ? "de-DE" : "en-GB");
}
