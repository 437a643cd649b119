// The Authio console: one page per capability, each calling only Authio's documented admin API with the
// administrator's own token. A page the caller has no role for is not in the menu and, opened by its address,
// explains that instead of calling the API (which would refuse anyway).
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";
import * as api from "./api.js";
import * as oidc from "./oidc.js";
import { config, start, masthead } from "./shell.js";
import { alert, button, pageHeader, section } from "./ui.js";

const PAGES = [
  { group: "nav.monitor", id: "overview", allowed: (p) => p.view_events || p.view_realm || p.view_users },
  { group: "nav.monitor", id: "audit", allowed: (p) => p.view_events },
  { group: "nav.monitor", id: "risk-decisions", allowed: (p) => p.view_events },
  { group: "nav.monitor", id: "timeline", allowed: (p) => p.view_events },
  { group: "nav.deliver", id: "webhooks", allowed: (p) => p.view_realm },
  { group: "nav.deliver", id: "siem-sinks", allowed: (p) => p.view_realm },
  { group: "nav.deliver", id: "delivery-settings", allowed: (p) => p.view_realm },
  { group: "nav.comply", id: "dsrs", allowed: (p) => p.view_users },
  { group: "nav.configure", id: "api-keys", allowed: (p) => p.view_realm },
  { group: "nav.configure", id: "keys", allowed: (p) => p.view_realm },
  { group: "nav.configure", id: "risk-settings", allowed: (p) => p.view_realm },
];
const MODULES = {
  overview: "./pages/overview.js",
  audit: "./pages/audit.js",
  "risk-decisions": "./pages/risk-decisions.js",
  timeline: "./pages/timeline.js",
  webhooks: "./pages/destinations.js",
  "siem-sinks": "./pages/destinations.js",
  "delivery-settings": "./pages/delivery-settings.js",
  dsrs: "./pages/dsrs.js",
  "api-keys": "./pages/api-keys.js",
  keys: "./pages/keys.js",
  "risk-settings": "./pages/risk-settings.js",
};

const cfg = config();
const app = document.getElementById("app");
let me = null; // the caller's permissions in the realm shown
let homeRealms = null; // realms a master administrator may pick

/** #/{realm}/{page}?{params} */
function parse(hash) {
  const [path, q] = (hash || "").replace(/^#\/?/, "").split("?");
  const [realm, page] = path.split("/").map((s) => decodeURIComponent(s || ""));
  return { realm: realm || cfg.realm, page: page || "overview", params: new URLSearchParams(q || "") };
}

export function href(realm, page, params) {
  const q = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== "")).toString() : "";
  return `#/${encodeURIComponent(realm)}/${page}${q ? `?${q}` : ""}`;
}

async function show() {
  const route = parse(window.location.hash);
  if (!me || me.realm !== route.realm) {
    try {
      me = await api.admin(route.realm, "/me");
    } catch (e) {
      me = null;
      replace(app, layout(route, null));
      replace(document.getElementById("main"), section(alert("danger", t("access.none"),
        e.status === 403 || e.status === 401 ? t("access.noneDetail", { realm: route.realm }) : (e.description || e.message))));
      return;
    }
    if (cfg.masterRealm && homeRealms === null) homeRealms = route.realm === cfg.realm ? me.realms : [cfg.realm];
  }
  replace(app, layout(route, me));
  const main = document.getElementById("main");
  const page = PAGES.find((p) => p.id === route.page);
  if (!page) {
    replace(main, section(alert("warning", t("page.unknown"))));
    return;
  }
  if (!page.allowed(me.permissions)) {
    replace(main, pageHeader(t(`page.${page.id}.title`)), section(alert("warning", t("access.page"), t("access.pageDetail"))));
    return;
  }
  document.title = `${t(`page.${page.id}.title`)} · ${route.realm} · Authio`;
  const module = await import(MODULES[page.id]);
  await module.render({ realm: route.realm, page: page.id, params: route.params, perms: me.permissions, me, main, href, go: (h2) => { window.location.hash = h2; } });
  const title = document.getElementById("authio-page-title");
  if (title && document.activeElement === document.body) title.focus();
}

function layout(route, caller) {
  const sidebarId = "authio-sidebar";
  const wide = window.matchMedia("(min-width: 1200px)").matches; // the menu starts open where there is room, as in Keycloak
  const toggle = h("button", {
    class: "pf-v5-c-button pf-m-plain", type: "button", "aria-label": t("nav.toggle"), "aria-expanded": String(wide),
    "aria-controls": sidebarId, "data-testid": "nav-toggle",
    onclick: (e) => {
      const sidebar = document.getElementById(sidebarId);
      const open = sidebar.classList.toggle("pf-m-expanded");
      sidebar.classList.toggle("pf-m-collapsed", !open);
      e.currentTarget.setAttribute("aria-expanded", String(open));
    },
  }, "☰");
  const controls = [];
  const realms = homeRealms || (caller ? caller.realms : []);
  if (cfg.masterRealm && realms && realms.length > 1) {
    controls.push(h("span", { class: "pf-v5-c-form-control authio-masthead-select" }, h("select", {
      "aria-label": t("realm.pick"), "data-testid": "realm-picker",
      onchange: (e) => { window.location.hash = href(e.target.value, "overview"); },
    }, realms.map((r) => h("option", { value: r, selected: r === route.realm }, r)))));
  } else {
    controls.push(h("span", { class: "authio-realm", "data-testid": "realm-name" }, route.realm));
  }
  const nav = [];
  if (caller) {
    let group = null;
    let list = null;
    for (const p of PAGES.filter((x) => x.allowed(caller.permissions))) {
      if (p.group !== group) {
        group = p.group;
        list = h("ul", { class: "pf-v5-c-nav__list", role: "list" });
        nav.push(h("section", { class: "pf-v5-c-nav__section", "aria-labelledby": `nav-${group}` },
          h("h2", { class: "pf-v5-c-nav__section-title", id: `nav-${group}` }, t(group)), list));
      }
      const current = p.id === route.page;
      list.appendChild(h("li", { class: "pf-v5-c-nav__item" }, h("a", {
        class: ["pf-v5-c-nav__link", current ? "pf-m-current" : null], href: href(route.realm, p.id),
        "aria-current": current ? "page" : null, "data-testid": `nav-${p.id}`,
      }, t(`page.${p.id}.title`))));
    }
  }
  return h("div", { class: "pf-v5-c-page" },
    h("div", { class: "pf-v5-c-skip-to-content" }, button(t("skip"), () => document.getElementById("main").focus(), { variant: "primary", testid: "skip" })),
    masthead("Authio", { toggle, controls }),
    h("div", { class: ["pf-v5-c-page__sidebar", wide ? "pf-m-expanded" : "pf-m-collapsed", "authio-sidebar"], id: sidebarId },
      h("div", { class: "pf-v5-c-page__sidebar-body" }, h("nav", { class: "pf-v5-c-nav", "aria-label": t("nav.label") }, nav))),
    h("main", { class: "pf-v5-c-page__main", id: "main", tabindex: "-1" }));
}

(async () => {
  await start(cfg, app);
  if (!oidc.signedIn()) return;
  if (!window.location.hash || window.location.hash === "#") window.location.hash = href(cfg.realm, "overview");
  window.addEventListener("hashchange", () => show().catch(fail));
  await show().catch(fail);
})();

function fail(e) {
  const main = document.getElementById("main") || app;
  replace(main, section(alert("danger", t("error.title"), e && (e.description || e.message) ? (e.description || e.message) : String(e))));
}
