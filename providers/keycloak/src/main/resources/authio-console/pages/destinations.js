// Webhook endpoints and SIEM sinks: list, create (a webhook's secret shown once), edit, test, delete, rotate a
// webhook's secret, deliveries with their attempts, replay.
import { h, replace } from "../dom.js";
import { t, number } from "../i18n.js";
import * as api from "../api.js";
import { actions, button, checkbox, code, confirm, descriptionList, form, formGroup, input, label, loading, messageArea, modal, pageHeader,
  pager, section, select, showOnce, table, textarea, values, when } from "../ui.js";
import { health } from "./overview.js";

export async function render(ctx) {
  const webhook = ctx.page === "webhooks";
  const base = webhook ? "/webhooks" : "/siem-sinks";
  const id = ctx.params.get("id");
  return id ? detail(ctx, webhook, base, id) : list(ctx, webhook, base);
}

async function list(ctx, webhook, base) {
  const messages = messageArea();
  const results = h("div", {}, loading());
  const create = ctx.perms.manage_realm
    ? button(t(webhook ? "webhook.create" : "sink.create"), () => createDialog(ctx, webhook, base, messages), { variant: "primary", testid: "create" })
    : null;
  replace(ctx.main, pageHeader(t(`page.${ctx.page}.title`), t(`page.${ctx.page}.description`), create), section(messages, results));
  try {
    const { data } = await api.admin(ctx.realm, base);
    replace(results, table([
      { title: t("destination.url"), render: (d) => h("a", { href: ctx.href(ctx.realm, ctx.page, { id: d.id }), "data-testid": "destination-link" }, d.url) },
      { title: t("destination.description"), render: (d) => d.description || "—" },
      webhook ? null : { title: t("sink.type"), render: (d) => `${d.type} · ${d.format}${d.encoding ? ` · ${d.encoding}` : ""}` },
      { title: t("destination.events"), render: (d) => d.event_types.join(" ") },
      { title: t("destination.health"), render: (d) => health(d) },
    ].filter(Boolean), data, { testid: "destinations-table", caption: t(`page.${ctx.page}.title`) }));
  } catch (e) {
    replace(results);
    messages.error(e);
  }
}

function fields(webhook, d) {
  const out = [
    formGroup(t("destination.url"), input("url", { value: d ? d.url : "", required: true, placeholder: webhook ? "https://example.com/hooks/authio" : "syslog+tls://siem.example.com:6514" }),
      t(webhook ? "webhook.urlHelp" : "sink.urlHelp")),
    formGroup(t("destination.events"), input("event_types", { value: d ? d.event_types.join(" ") : "*", required: true }), t("destination.eventsHelp")),
    formGroup(t("destination.description"), input("description", { value: d && d.description ? d.description : "" })),
  ];
  if (!webhook) {
    if (!d) out.push(formGroup(t("sink.type"), select("type", [["http", "HTTP"], ["syslog", "syslog"]], { value: "http" })));
    out.push(formGroup(t("sink.format"), select("format", [["json", "JSON"], ["ocsf", "OCSF"], ["cef", "CEF"]], { value: d ? d.format : "json" })));
    if (!d || d.type === "http") out.push(formGroup(t("sink.encoding"), select("encoding", [["ndjson", "NDJSON"], ["splunk-hec", "Splunk HEC"]], { value: d && d.encoding ? d.encoding : "ndjson" })));
    out.push(formGroup(t("sink.credential"), input("credential", { type: "password", autocomplete: "new-password" }), t(d && d.has_credential ? "sink.credentialKept" : "sink.credentialHelp")));
    out.push(formGroup(t("sink.ca"), textarea("tls_ca_pem", { rows: 3 }), t("sink.caHelp")));
  }
  out.push(formGroup(t("destination.enabled"), checkbox("enabled", d ? d.enabled : true, t("destination.enabledHelp"))));
  return out;
}

function body(webhook, f, creating) {
  const v = values(f);
  const out = { url: v.url.trim(), event_types: v.event_types.split(/[\s,]+/).filter(Boolean), enabled: v.enabled };
  if (v.description.trim() || !creating) out.description = v.description.trim();
  if (!webhook) {
    if (creating) out.type = v.type;
    out.format = v.format;
    if (v.encoding !== undefined && (creating ? v.type === "http" : true)) out.encoding = v.encoding;
    if (v.credential) out.credential = v.credential;
    if (v.tls_ca_pem && v.tls_ca_pem.trim()) out.tls_ca_pem = v.tls_ca_pem.trim();
  }
  return out;
}

function createDialog(ctx, webhook, base, pageMessages) {
  const messages = messageArea();
  const m = modal(t(webhook ? "webhook.create" : "sink.create"), [messages, form(async (f) => {
    messages.clear();
    try {
      const created = await api.admin(ctx.realm, base, { method: "POST", body: body(webhook, f, true) });
      m.close();
      if (webhook) showOnce(t("webhook.secret"), created.secret, t("webhook.secretNote"));
      pageMessages.show("success", t("saved"));
      ctx.go(ctx.href(ctx.realm, ctx.page, { id: created.id }));
    } catch (e) {
      messages.error(e);
    }
  }, fields(webhook, null), actions(button(t("action.create"), null, { variant: "primary", type: "submit", testid: "save" }),
    button(t("action.cancel"), () => m.close(), { variant: "link" })))], { wide: true, testid: "create-dialog" });
}

async function detail(ctx, webhook, base, id) {
  const messages = messageArea();
  const info = h("div", {}, loading());
  const deliveries = h("div", {});
  replace(ctx.main, pageHeader(t(webhook ? "webhook.title" : "sink.title"), null,
    h("a", { href: ctx.href(ctx.realm, ctx.page), class: "pf-v5-c-button pf-m-link" }, t("action.back"))), section(messages, info), section(deliveries));
  let d;
  try {
    d = await api.admin(ctx.realm, `${base}/${encodeURIComponent(id)}`);
  } catch (e) {
    replace(info);
    messages.error(e);
    return;
  }
  const manage = ctx.perms.manage_realm;
  replace(info,
    descriptionList([
      [t("destination.url"), code(d.url)],
      [t("destination.description"), d.description || "—"],
      webhook ? null : [t("sink.type"), `${d.type} · ${d.format}${d.encoding ? ` · ${d.encoding}` : ""}`],
      [t("destination.events"), d.event_types.join(" ")],
      [t("destination.health"), health(d)],
      webhook ? [t("webhook.previousSecret"), d.previous_secret_expires_at ? [t("webhook.previousUntil"), " ", when(d.previous_secret_expires_at)] : "—"] : null,
      [t("column.created"), when(d.created_at)],
      [t("column.updated"), when(d.updated_at)],
    ]),
    manage ? h("div", { class: "authio-button-row" },
      button(t("action.edit"), () => editDialog(ctx, webhook, base, d, messages), { variant: "primary", testid: "edit" }),
      button(t("destination.test"), async () => {
        try {
          await api.admin(ctx.realm, `${base}/${encodeURIComponent(id)}/test`, { method: "POST" });
          messages.show("success", t("destination.testQueued"));
          setTimeout(() => loadDeliveries(undefined), 1500);
        } catch (e) {
          messages.error(e);
        }
      }, { testid: "test" }),
      webhook ? button(t("webhook.rotate"), async () => {
        if (!await confirm(t("webhook.rotate"), t("webhook.rotateConfirm"), t("webhook.rotate"), "warning")) return;
        try {
          const r = await api.admin(ctx.realm, `${base}/${encodeURIComponent(id)}/rotate-secret`, { method: "POST", body: {} });
          showOnce(t("webhook.secret"), r.secret, t("webhook.secretNote"));
        } catch (e) {
          messages.error(e);
        }
      }, { testid: "rotate-secret" }) : null,
      button(t("action.delete"), async () => {
        if (!await confirm(t("action.delete"), t("destination.deleteConfirm", { url: d.url }), t("action.delete"))) return;
        try {
          await api.admin(ctx.realm, `${base}/${encodeURIComponent(id)}`, { method: "DELETE" });
          ctx.go(ctx.href(ctx.realm, ctx.page));
        } catch (e) {
          messages.error(e);
        }
      }, { variant: "danger", testid: "delete" })) : null);

  const status = select("status", [["", t("filter.any")], ["pending", t("delivery.status.pending")], ["delivered", t("delivery.status.delivered")], ["dead", t("delivery.status.dead")]]);
  status.setAttribute("aria-label", t("delivery.status"));
  const list = h("div", {});
  const loadDeliveries = async (cursor) => {
    replace(list, loading());
    try {
      const page = await api.admin(ctx.realm, `${base}/${encodeURIComponent(id)}/deliveries${api.query({ status: status.value, cursor, limit: 20 })}`);
      replace(list, table([
        { title: t("column.time"), render: (x) => when(x.created_at) },
        { title: t("delivery.event"), render: (x) => code(x.event_type) },
        { title: t("delivery.status"), render: (x) => label(t(`delivery.status.${x.status}`), x.status === "delivered" ? "green" : x.status === "dead" ? "red" : "blue") },
        { title: t("delivery.attempts"), render: (x) => number(x.attempts) },
        { title: t("delivery.last"), render: (x) => x.last_status ? `HTTP ${x.last_status}` : (x.last_error || "—") },
        { title: "", render: (x) => button(t("delivery.attemptsShow"), () => attempts(ctx, base, id, x, manage, () => loadDeliveries(undefined)), { variant: "link", testid: "attempts" }) },
      ], page.data, { testid: "deliveries-table" }), pager(page.next_cursor, loadDeliveries, cursor ? () => loadDeliveries(undefined) : null));
    } catch (e) {
      replace(list);
      messages.error(e);
    }
  };
  status.addEventListener("change", () => loadDeliveries(undefined));
  replace(deliveries, h("h2", { class: "pf-v5-c-title pf-m-lg" }, t("delivery.title")),
    h("div", { class: "authio-button-row" }, h("span", { class: "pf-v5-c-form-control" }, status),
      button(t("action.refresh"), () => loadDeliveries(undefined), { testid: "refresh-deliveries" })), list);
  await loadDeliveries(undefined);
}

function editDialog(ctx, webhook, base, d, pageMessages) {
  const messages = messageArea();
  const m = modal(t("action.edit"), [messages, form(async (f) => {
    messages.clear();
    try {
      await api.admin(ctx.realm, `${base}/${encodeURIComponent(d.id)}`, { method: "PUT", body: body(webhook, f, false) });
      m.close();
      pageMessages.show("success", t("saved"));
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (e) {
      messages.error(e);
    }
  }, fields(webhook, d), actions(button(t("action.save"), null, { variant: "primary", type: "submit", testid: "save" }),
    button(t("action.cancel"), () => m.close(), { variant: "link" })))], { wide: true, testid: "edit-dialog" });
}

async function attempts(ctx, base, id, x, manage, reload) {
  const messages = messageArea();
  const content = h("div", {}, loading());
  const m = modal(t("delivery.attemptsOf", { event: x.event_type }), [messages, content], { wide: true, testid: "attempts-dialog" });
  try {
    const full = await api.admin(ctx.realm, `${base}/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(x.id)}`);
    replace(content, descriptionList([
      [t("delivery.message"), code(full.message_id)],
      [t("delivery.status"), t(`delivery.status.${full.status}`)],
      [t("delivery.next"), full.next_attempt_at ? when(full.next_attempt_at) : "—"],
      [t("delivery.delivered"), full.delivered_at ? when(full.delivered_at) : "—"],
    ]), table([
      { title: "#", render: (a) => String(a.attempt) },
      { title: t("column.time"), render: (a) => when(a.attempted_at) },
      { title: t("delivery.result"), render: (a) => label(a.succeeded ? t("delivery.ok") : t("delivery.failed"), a.succeeded ? "green" : "red") },
      { title: t("delivery.httpStatus"), render: (a) => a.status_code ? String(a.status_code) : "—" },
      { title: t("delivery.latency"), render: (a) => a.latency_ms !== null && a.latency_ms !== undefined ? `${a.latency_ms} ms` : "—" },
      { title: t("delivery.error"), render: (a) => a.error || (a.response ? code(a.response) : "—") },
    ], full.attempt_log, { testid: "attempts-table" }),
    manage && full.status === "dead" ? button(t("delivery.replay"), async () => {
      try {
        await api.admin(ctx.realm, `${base}/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(x.id)}/replay`, { method: "POST" });
        m.close();
        reload();
      } catch (e) {
        messages.error(e);
      }
    }, { variant: "primary", testid: "replay" }) : null);
  } catch (e) {
    replace(content);
    messages.error(e);
  }
}
