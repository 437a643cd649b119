// Data-subject requests: create, fulfil (a background job: the page follows it until it completes), cancel,
// download an export's bundle, due dates.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import * as api from "../api.js";
import { actions, button, code, confirm, descriptionList, form, formGroup, input, label, loading, messageArea, modal, pageHeader, pager,
  section, select, table, textarea, values, when } from "../ui.js";
import { filterForm } from "./common.js";

export async function render(ctx) {
  const p = ctx.params;
  const filters = { status: p.get("status") || "", type: p.get("type") || "", overdue: p.get("overdue") || "" };
  const manage = ctx.perms.manage_users;
  const messages = messageArea();
  const results = h("div", {}, loading());
  const form1 = filterForm([
    formGroup(t("dsr.status"), select("status", [["", t("filter.any")], ...["pending", "in_progress", "completed", "cancelled"].map((s) => [s, t(`dsr.status.${s}`)])], { value: filters.status })),
    formGroup(t("dsr.type"), select("type", [["", t("filter.any")], ["deletion", t("dsr.type.deletion")], ["export", t("dsr.type.export")]], { value: filters.type })),
    formGroup(t("dsr.overdue"), select("overdue", [["", t("filter.any")], ["true", t("yes")], ["false", t("no")]], { value: filters.overdue })),
  ], (f) => ctx.go(ctx.href(ctx.realm, "dsrs", { status: f.status.value, type: f.type.value, overdue: f.overdue.value })));
  replace(ctx.main, pageHeader(t("page.dsrs.title"), t("page.dsrs.description"),
    manage ? button(t("dsr.create"), () => create(ctx, messages, () => load(undefined)), { variant: "primary", testid: "create" }) : null),
  section(form1, messages, results));

  const load = async (cursor) => {
    replace(results, loading());
    try {
      const page = await api.admin(ctx.realm, `/compliance/dsr${api.query({ ...filters, cursor })}`);
      replace(results, table([
        { title: t("dsr.received"), render: (d) => when(d.created_at) },
        { title: t("dsr.type"), render: (d) => t(`dsr.type.${d.request_type}`) },
        { title: t("dsr.subject"), render: (d) => d.user_email || t("dsr.erased") },
        { title: t("dsr.status"), render: (d) => status(d) },
        { title: t("dsr.due"), render: (d) => [when(d.due_at), d.overdue ? [" ", label(t("dsr.overdue"), "red")] : null] },
        { title: t("dsr.completed"), render: (d) => d.completed_at ? when(d.completed_at) : "—" },
        { title: "", render: (d) => rowActions(ctx, d, manage, messages, () => load(cursor)) },
      ], page.data, { testid: "dsr-table", caption: t("page.dsrs.title") }), pager(page.next_cursor, load, cursor ? () => load(undefined) : null));
    } catch (e) {
      replace(results);
      messages.error(e);
    }
  };
  await load(undefined);
}

function status(d) {
  const colors = { pending: "blue", in_progress: "orange", completed: "green", cancelled: "grey" };
  return label(t(`dsr.status.${d.status}`), colors[d.status]);
}

function rowActions(ctx, d, manage, messages, reload) {
  const open = d.status === "pending" || d.status === "in_progress";
  return h("div", { class: "authio-button-row" },
    button(t("action.details"), () => details(d), { variant: "link", testid: "dsr-details" }),
    manage && d.status === "pending" ? button(t("dsr.fulfil"), () => fulfil(ctx, d, messages, reload), { variant: "primary", testid: "fulfil" }) : null,
    manage && d.artifact && d.artifact.state === "available" ? button(t("dsr.download"), async () => {
      try {
        const blob = await api.admin(ctx.realm, `/compliance/dsr/${encodeURIComponent(d.dsr_id)}/artifact`, { blob: true });
        api.save(blob, `${d.dsr_id}.json`);
        reload();
      } catch (e) {
        messages.error(e);
      }
    }, { testid: "download" }) : null,
    manage && open ? button(t("dsr.cancel"), async () => {
      if (!await confirm(t("dsr.cancel"), t("dsr.cancelConfirm"), t("dsr.cancel"))) return;
      try {
        await api.admin(ctx.realm, `/compliance/dsr/${encodeURIComponent(d.dsr_id)}/cancel`, { method: "POST", body: {} });
        reload();
      } catch (e) {
        messages.error(e);
      }
    }, { variant: "link", testid: "cancel-dsr" }) : null);
}

function details(d) {
  modal(t("dsr.details"), [descriptionList([
    [t("dsr.id"), code(d.dsr_id)],
    [t("dsr.type"), t(`dsr.type.${d.request_type}`)],
    [t("dsr.subject"), d.user_email || t("dsr.erased")],
    [t("dsr.status"), status(d)],
    [t("dsr.notes"), d.notes ? h("span", { class: "authio-pre" }, d.notes) : "—"],
    [t("dsr.received"), when(d.created_at)],
    [t("dsr.due"), when(d.due_at)],
    [t("dsr.completed"), d.completed_at ? when(d.completed_at) : "—"],
    [t("dsr.artifact"), d.artifact ? `${t(`dsr.artifact.${d.artifact.state}`)}${d.artifact.expires_at ? ` (${t("dsr.until")} ${new Date(d.artifact.expires_at).toLocaleString()})` : ""}` : "—"],
  ]), d.evidence ? [h("h2", { class: "pf-v5-c-title pf-m-md authio-subtitle" }, t("dsr.evidence")), h("pre", { class: "authio-code authio-pre" }, JSON.stringify(d.evidence, null, 2))] : null],
  { wide: true, testid: "dsr-dialog" });
}

function create(ctx, pageMessages, reload) {
  const messages = messageArea();
  const m = modal(t("dsr.create"), [messages, form(async (f) => {
    messages.clear();
    const v = values(f);
    const body = { request_type: v.request_type, user_email: v.user_email.trim(), due_days: Number(v.due_days) };
    if (v.notes.trim()) body.notes = v.notes.trim();
    try {
      await api.admin(ctx.realm, "/compliance/dsr", { method: "POST", body });
      m.close();
      pageMessages.show("success", t("dsr.created"));
      reload();
    } catch (e) {
      messages.error(e);
    }
  },
  formGroup(t("dsr.type"), select("request_type", [["deletion", t("dsr.type.deletion")], ["export", t("dsr.type.export")]])),
  formGroup(t("dsr.subject"), input("user_email", { type: "email", required: true })),
  formGroup(t("dsr.notes"), textarea("notes", { rows: 3 }), t("dsr.notesHelp")),
  formGroup(t("dsr.dueDays"), input("due_days", { type: "number", min: 1, max: 90, value: "30" }), t("dsr.dueDaysHelp")),
  actions(button(t("action.create"), null, { variant: "primary", type: "submit", testid: "save" }), button(t("action.cancel"), () => m.close(), { variant: "link" })))],
  { testid: "create-dialog" });
}

function fulfil(ctx, d, pageMessages, reload) {
  const messages = messageArea();
  const upload = d.request_type === "export" ? input("output_artifact_url", { type: "url", placeholder: "https://…" }) : null;
  const m = modal(t("dsr.fulfil"), [messages,
    h("p", {}, t(d.request_type === "deletion" ? "dsr.fulfilDeletion" : "dsr.fulfilExport", { email: d.user_email || "" })),
    form(async () => {
      messages.clear();
      const body = upload && upload.value.trim() ? { output_artifact_url: upload.value.trim() } : {};
      try {
        const r = await api.admin(ctx.realm, `/compliance/dsr/${encodeURIComponent(d.dsr_id)}/fulfill`, { method: "POST", body });
        m.close();
        pageMessages.show("info", t("dsr.fulfilling"));
        await follow(ctx, r && r.dsr_id ? r : d, pageMessages);
        reload();
      } catch (e) {
        messages.error(e);
      }
    }, upload ? formGroup(t("dsr.uploadUrl"), upload, t("dsr.uploadUrlHelp")) : null,
    actions(button(t("dsr.fulfil"), null, { variant: d.request_type === "deletion" ? "danger" : "primary", type: "submit", testid: "confirm-fulfil" }),
      button(t("action.cancel"), () => m.close(), { variant: "link" })))], { testid: "fulfil-dialog" });
}

/** Fulfilment runs in the background: poll the request until it is no longer in progress (at most 5 minutes). */
async function follow(ctx, d, messages) {
  const deadline = Date.now() + 300_000;
  let current = d;
  while (Date.now() < deadline) {
    current = await api.admin(ctx.realm, `/compliance/dsr/${encodeURIComponent(d.dsr_id)}`);
    if (current.status !== "in_progress") break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (current.status === "completed") messages.show("success", t("dsr.completedMessage"));
  else if (current.status === "in_progress") messages.show("info", t("dsr.stillRunning"));
  else messages.show("warning", t("dsr.notCompleted", { status: t(`dsr.status.${current.status}`) }), current.evidence && current.evidence.last_error);
}
