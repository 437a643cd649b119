// API keys: list, issue (the key is shown once), scopes, revoke.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import * as api from "../api.js";
import { actions, button, checkbox, code, confirm, form, formGroup, input, label, loading, messageArea, modal, pageHeader, section, select,
  showOnce, table, values, when } from "../ui.js";

const SCOPES = ["dsr", "audit:read", "webhooks", "risk:read"];

export async function render(ctx) {
  const manage = ctx.perms.manage_realm && ctx.perms.manage_clients;
  const messages = messageArea();
  const results = h("div", {}, loading());
  replace(ctx.main, pageHeader(t("page.api-keys.title"), t("page.api-keys.description"),
    manage ? button(t("apikey.create"), () => create(ctx, messages, load), { variant: "primary", testid: "create" }) : null), section(messages, results));
  async function load() {
    replace(results, loading());
    try {
      const { data } = await api.admin(ctx.realm, "/api-keys");
      replace(results, table([
        { title: t("apikey.name"), render: (k) => k.name },
        { title: t("apikey.prefix"), render: (k) => code(k.prefix) },
        { title: t("apikey.status"), render: (k) => label(t(`apikey.status.${k.status}`), k.status === "active" ? "green" : "grey") },
        { title: t("apikey.scopes"), render: (k) => k.scopes.map((s) => code(s)) },
        { title: t("column.client"), render: (k) => k.client_id || "—" },
        { title: t("column.created"), render: (k) => when(k.created_at) },
        { title: t("apikey.expires"), render: (k) => k.expires_at ? when(k.expires_at) : t("apikey.never") },
        { title: t("apikey.lastUsed"), render: (k) => k.last_used_at ? when(k.last_used_at) : "—" },
        { title: "", render: (k) => manage && k.status === "active" ? button(t("apikey.revoke"), async () => {
          if (!await confirm(t("apikey.revoke"), t("apikey.revokeConfirm", { name: k.name }), t("apikey.revoke"))) return;
          try {
            await api.admin(ctx.realm, `/api-keys/${encodeURIComponent(k.id)}/revoke`, { method: "POST" });
            messages.show("success", t("apikey.revoked", { name: k.name }));
            await load();
          } catch (e) {
            messages.error(e);
          }
        }, { variant: "danger", testid: "revoke" }) : "" },
      ], data, { testid: "api-keys-table", caption: t("page.api-keys.title") }));
    } catch (e) {
      replace(results);
      messages.error(e);
    }
  }
  await load();
}

function create(ctx, pageMessages, reload) {
  const messages = messageArea();
  const m = modal(t("apikey.create"), [messages, form(async (f) => {
    messages.clear();
    const v = values(f);
    const body = { name: v.name.trim(), client_id: v.client_id.trim(), scopes: SCOPES.filter((s) => v[`scope:${s}`]), mode: v.mode };
    if (v.expires_in_days) body.expires_in_days = Number(v.expires_in_days);
    try {
      const k = await api.admin(ctx.realm, "/api-keys", { method: "POST", body });
      m.close();
      showOnce(t("apikey.key"), k.key, t("apikey.keyNote"));
      pageMessages.show("success", t("apikey.created", { name: k.name }));
      reload();
    } catch (e) {
      messages.error(e);
    }
  },
  formGroup(t("apikey.name"), input("name", { required: true })),
  formGroup(t("column.client"), input("client_id", { required: true }), t("apikey.clientHelp")),
  h("fieldset", { class: "pf-v5-c-form__fieldset authio-fieldset" }, h("legend", { class: "pf-v5-c-form__label" }, t("apikey.scopes")),
    SCOPES.map((s) => checkbox(`scope:${s}`, false, [code(s), " ", t(`apikey.scope.${s}`)], { testid: `scope-${s}` }))),
  formGroup(t("apikey.mode"), select("mode", [["live", "live"], ["test", "test"]])),
  formGroup(t("apikey.expiresIn"), input("expires_in_days", { type: "number", min: 1, max: 3650 }), t("apikey.expiresHelp")),
  actions(button(t("action.create"), null, { variant: "primary", type: "submit", testid: "save" }), button(t("action.cancel"), () => m.close(), { variant: "link" })))],
  { testid: "create-dialog" });
}
