// The end users' page: their own sign-in activity and the devices they signed in from, with a way to forget a
// device. Calls only the user endpoints under /realms/{realm}/authio with the user's own token (audience account).
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";
import * as api from "./api.js";
import * as oidc from "./oidc.js";
import { config, start, masthead } from "./shell.js";
import { alert, button, confirm, label, loading, messageArea, pageHeader, pager, section, table, when, code } from "./ui.js";

const cfg = config();
const app = document.getElementById("app");

(async () => {
  await start(cfg, app);
  if (!oidc.signedIn()) return;
  const messages = messageArea();
  const devices = h("div", {}, loading());
  const activity = h("div", {}, loading());
  replace(app, h("div", { class: "pf-v5-c-page" },
    masthead(t("account.brand")),
    h("main", { class: "pf-v5-c-page__main", id: "main", tabindex: "-1" },
      pageHeader(t("account.title"), t("account.description"),
        h("a", { class: "pf-v5-c-button pf-m-link", href: `${cfg.serverUrl}/realms/${encodeURIComponent(cfg.realm)}/account/` }, t("account.keycloak"))),
      section(messages),
      section(h("h2", { class: "pf-v5-c-title pf-m-lg" }, t("account.devices")), h("p", { class: "authio-muted" }, t("account.devicesHelp")), devices),
      section(h("h2", { class: "pf-v5-c-title pf-m-lg" }, t("account.activity")), activity))));

  async function loadDevices() {
    try {
      const { data } = await api.call(api.userUrl("/devices"));
      replace(devices, table([
        { title: t("account.device"), render: (d) => d.label || t("account.unknownDevice") },
        { title: t("account.firstSeen"), render: (d) => when(d.first_seen) },
        { title: t("account.lastSeen"), render: (d) => when(d.last_seen) },
        { title: t("column.ip"), render: (d) => [d.last_ip || "—", d.last_country ? ` (${d.last_country})` : ""] },
        { title: "", render: (d) => button(t("account.revoke"), async () => {
          if (!await confirm(t("account.revoke"), t("account.revokeConfirm", { device: d.label || "" }), t("account.revoke"))) return;
          try {
            await api.call(api.userUrl(`/devices/${encodeURIComponent(d.id)}`), { method: "DELETE" });
            messages.show("success", t("account.revoked"));
            await loadDevices();
          } catch (e) {
            messages.error(e);
          }
        }, { variant: "danger", testid: "revoke-device" }) },
      ], data, { testid: "devices-table", caption: t("account.devices") }));
    } catch (e) {
      replace(devices, alert("danger", t("error.title"), e.description || e.message));
    }
  }

  async function loadActivity(cursor) {
    try {
      const page = await api.call(api.userUrl(`/activity${api.query({ cursor, limit: 20 })}`));
      replace(activity, table([
        { title: t("column.time"), render: (e) => when(e.occurred_at) },
        { title: t("account.event"), render: (e) => t(`event.${e.type}`) === `event.${e.type}` ? code(e.type) : t(`event.${e.type}`) },
        { title: t("audit.outcome"), render: (e) => label(t(`outcome.${e.outcome}`), e.outcome === "success" ? "green" : "red") },
        { title: t("account.by"), render: (e) => e.by === "you" ? t("account.you") : (e.by || "—") },
        { title: t("column.client"), render: (e) => e.client_id || "—" },
        { title: t("column.ip"), render: (e) => e.ip || "—" },
        { title: t("column.userAgent"), render: (e) => e.user_agent || "—" },
      ], page.data, { testid: "activity-table", caption: t("account.activity") }), pager(page.next_cursor, loadActivity, cursor ? () => loadActivity(undefined) : null));
    } catch (e) {
      replace(activity, alert("danger", t("error.title"), e.description || e.message));
    }
  }
  await Promise.all([loadDevices(), loadActivity(undefined)]);
})();
