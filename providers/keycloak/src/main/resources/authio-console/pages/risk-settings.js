// The realm's risk settings: thresholds, bias, each signal's switch and weight, the signals' parameters.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import * as api from "../api.js";
import { actions, button, checkbox, form, formGroup, input, loading, messageArea, pageHeader, section, table } from "../ui.js";

const PARAMETERS = ["impossible_travel_kmh", "failure_window_minutes", "failed_attempts_user_threshold", "failed_attempts_ip_threshold",
  "credential_stuffing_usernames", "stale_after_days", "unusual_hour_min_sign_ins", "unusual_hour_max_share_percent"];

export async function render(ctx) {
  const manage = ctx.perms.manage_realm;
  const messages = messageArea();
  const content = h("div", {}, loading());
  replace(ctx.main, pageHeader(t("page.risk-settings.title"), t("page.risk-settings.description")), section(messages, content));
  let s;
  try {
    s = await api.admin(ctx.realm, "/risk-settings");
  } catch (e) {
    replace(content);
    messages.error(e);
    return;
  }
  const f = form(async (el) => {
    messages.clear();
    const num = (name) => Number(el.elements[name].value);
    const body = {
      bias: num("bias"),
      thresholds: { step_up: num("step_up"), deny: num("deny") },
      signals: Object.fromEntries(Object.keys(s.signals).map((k) => [k, { enabled: el.elements[`enabled:${k}`].checked, weight: num(`weight:${k}`) }])),
      new_device_email: el.elements.new_device_email.checked,
    };
    PARAMETERS.forEach((p) => { body[p] = num(p); });
    try {
      s = await api.admin(ctx.realm, "/risk-settings", { method: "PUT", body });
      messages.show("success", t("saved"));
    } catch (e) {
      messages.error(e);
    }
  },
  h("div", { class: "authio-form-grid" },
    formGroup(t("risk.stepUpThreshold"), input("step_up", { type: "number", min: 1, max: 100, value: String(s.thresholds.step_up) }), t("risk.stepUpThresholdHelp")),
    formGroup(t("risk.denyThreshold"), input("deny", { type: "number", min: 1, max: 101, value: String(s.thresholds.deny) }), t("risk.denyThresholdHelp")),
    formGroup(t("risk.bias"), input("bias", { type: "number", min: -20, max: 0, step: "0.1", value: String(s.bias) }), t("risk.biasHelp"))),
  h("h2", { class: "pf-v5-c-title pf-m-md authio-subtitle" }, t("risk.signals")),
  table([
    { title: t("risk.signal"), render: ([k]) => h("strong", {}, t(`signal.${k}`)) },
    { title: t("risk.meaning"), render: ([k]) => t(`signal.${k}.explain`) },
    { title: t("risk.enabled"), render: ([k, v]) => checkbox(`enabled:${k}`, v.enabled, t("risk.enabled"), { testid: `enabled-${k}` }) },
    { title: t("risk.weight"), render: ([k, v]) => h("span", { class: "pf-v5-c-form-control" },
      input(`weight:${k}`, { type: "number", min: 0, max: 20, step: "0.1", value: String(v.weight), testid: `weight-${k}` })) },
  ], Object.entries(s.signals), { testid: "signals-table" }),
  h("h2", { class: "pf-v5-c-title pf-m-md authio-subtitle" }, t("risk.parameters")),
  h("div", { class: "authio-form-grid" }, PARAMETERS.map((p) => formGroup(t(`risk.param.${p}`), input(p, { type: "number", value: String(s[p]) })))),
  formGroup(t("risk.newDeviceEmail"), checkbox("new_device_email", s.new_device_email, t("risk.newDeviceEmailHelp"))),
  manage ? actions(button(t("action.save"), null, { variant: "primary", type: "submit", testid: "save" })) : null);
  if (!manage) f.querySelectorAll("input").forEach((i) => { i.disabled = true; });
  replace(content, f);
}
