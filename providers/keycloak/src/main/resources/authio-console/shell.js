// What the console and the account page share: configuration, sign-in, the masthead.
import { h, replace } from "./dom.js";
import * as i18n from "./i18n.js";
import { t } from "./i18n.js";
import * as oidc from "./oidc.js";
import * as api from "./api.js";
import { button, alert } from "./ui.js";

export function config() {
  return JSON.parse(document.getElementById("authio-config").textContent);
}

/** Loads messages, finishes or starts the sign-in; resolves to the route to show once signed in. */
export async function start(cfg, app) {
  await i18n.load(cfg.assets, i18n.preferred());
  oidc.init(cfg);
  api.init(cfg);
  app.classList.remove("authio-loading");
  let route = null;
  try {
    route = await oidc.handleRedirect();
  } catch (e) {
    replace(app, h("main", { class: "authio-standalone" },
      alert("danger", t("signin.failed"), t(e.message === "insecure-context" ? "signin.insecure" : "signin.failedDetail")),
      button(t("signin.again"), () => oidc.login(""), { variant: "primary", testid: "sign-in-again" })));
    return null;
  }
  if (!oidc.signedIn()) {
    replace(app, h("main", { class: "authio-standalone", role: "status" }, t("signin.redirecting")));
    try {
      await oidc.login(window.location.hash, i18n.language());
    } catch (e) {
      replace(app, h("main", { class: "authio-standalone" }, alert("danger", t("signin.failed"), t("signin.insecure"))));
    }
    return null;
  }
  if (route) history.replaceState(null, "", `${window.location.pathname}${route}`);
  app.removeAttribute("aria-busy");
  return route;
}

/** The masthead: brand, optional controls (realm picker), language, user, sign out; the menu toggle on narrow screens. */
export function masthead(title, { toggle, controls = [] } = {}) {
  const who = oidc.user();
  const language = h("select", {
    class: "authio-language", "aria-label": t("language"), "data-testid": "language",
    onchange: (e) => { i18n.pick(e.target.value); window.location.reload(); },
  }, i18n.supported().map((l) => h("option", { value: l, selected: l === i18n.language() }, t(`language.${l}`))));
  return h("header", { class: "pf-v5-c-masthead pf-m-display-inline" },
    toggle ? h("span", { class: "pf-v5-c-masthead__toggle" }, toggle) : null,
    h("div", { class: "pf-v5-c-masthead__main" }, h("span", { class: "pf-v5-c-masthead__brand authio-brand" }, title)),
    h("div", { class: "pf-v5-c-masthead__content" }, h("div", { class: "authio-masthead-tools" },
      controls,
      h("span", { class: "pf-v5-c-form-control authio-masthead-select" }, language),
      h("span", { class: "authio-user", "data-testid": "signed-in-user" }, who ? (who.preferred_username || who.sub) : ""),
      button(t("signout"), () => oidc.logout(), { variant: "plain", testid: "sign-out" }))));
}
