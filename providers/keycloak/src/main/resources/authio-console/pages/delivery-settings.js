// Delivery settings shared by webhooks and SIEM sinks (the SSRF guard's per-realm allowlist).
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import * as api from "../api.js";
import { actions, button, form, formGroup, loading, messageArea, pageHeader, section, textarea } from "../ui.js";

export async function render(ctx) {
  const messages = messageArea();
  const content = h("div", {}, loading());
  replace(ctx.main, pageHeader(t("page.delivery-settings.title"), t("page.delivery-settings.description")), section(messages, content));
  let settings;
  try {
    settings = await api.admin(ctx.realm, "/delivery-settings");
  } catch (e) {
    replace(content);
    messages.error(e);
    return;
  }
  const networks = textarea("allowed_networks", { value: (settings.allowed_networks || []).join("\n"), rows: 6 });
  networks.disabled = !ctx.perms.manage_realm;
  replace(content, form(async () => {
    messages.clear();
    try {
      const saved = await api.admin(ctx.realm, "/delivery-settings", {
        method: "PUT", body: { allowed_networks: networks.value.split(/[\s,]+/).filter(Boolean) },
      });
      settings = saved;
      networks.value = (saved.allowed_networks || []).join("\n");
      messages.show("success", t("saved"));
    } catch (e) {
      messages.error(e);
    }
  }, formGroup(t("delivery.allowedNetworks"), networks, t("delivery.allowedNetworksHelp")),
  ctx.perms.manage_realm ? actions(button(t("action.save"), null, { variant: "primary", type: "submit", testid: "save" })) : null));
}
