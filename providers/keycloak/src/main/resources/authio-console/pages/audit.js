// Audit log explorer: filters, cursor paging, NDJSON download of the whole selection.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import * as api from "../api.js";
import { button, code, descriptionList, formGroup, input, label, messageArea, modal, pageHeader, pager, section, select, table, when, loading } from "../ui.js";
import { filterForm, rfc3339, sinceUntil, userLink } from "./common.js";

export async function render(ctx) {
  const p = ctx.params;
  const filters = { type: p.get("type") || "", user_id: p.get("user_id") || "", since: p.get("since") || "", until: p.get("until") || "", limit: p.get("limit") || "50" };
  const messages = messageArea();
  const results = h("div", {}, loading());
  const download = button(t("audit.download"), async () => {
    messages.clear();
    try {
      const blob = await api.admin(ctx.realm, `/audit-events${api.query({ ...filters, limit: undefined })}`, { accept: "application/x-ndjson", blob: true });
      api.save(blob, `audit-${ctx.realm}.ndjson`);
    } catch (e) {
      messages.error(e);
    }
  }, { testid: "download-ndjson" });
  const form = filterForm([
    formGroup(t("audit.type"), input("type", { value: filters.type, placeholder: "user.login" }), t("audit.typeHelp")),
    formGroup(t("filter.user"), input("user_id", { value: filters.user_id, placeholder: "00000000-0000-0000-0000-000000000000" })),
    ...sinceUntil(p),
    formGroup(t("filter.limit"), select("limit", [["20", "20"], ["50", "50"], ["100", "100"], ["200", "200"]], { value: filters.limit })),
  ], (f) => {
    ctx.go(ctx.href(ctx.realm, "audit", { type: f.type.value.trim(), user_id: f.user_id.value.trim(), since: rfc3339(f.since.value), until: rfc3339(f.until.value), limit: f.limit.value }));
  }, download);
  replace(ctx.main, pageHeader(t("page.audit.title"), t("page.audit.description")), section(form, messages, results));

  const load = async (cursor) => {
    replace(results, loading());
    try {
      const page = await api.admin(ctx.realm, `/audit-events${api.query({ ...filters, cursor })}`);
      replace(results, table([
        { title: t("column.time"), render: (e) => when(e.occurred_at) },
        { title: t("audit.type"), render: (e) => code(e.type) },
        { title: t("audit.outcome"), render: (e) => label(t(`outcome.${e.outcome}`), e.outcome === "success" ? "green" : "red") },
        { title: t("audit.actor"), render: (e) => e.actor_type ? `${e.actor_type}${e.actor_id && e.actor_id !== e.user_id ? ` ${e.actor_id}` : ""}` : "—" },
        { title: t("column.user"), render: (e) => userLink(ctx, e.user_id) },
        { title: t("column.client"), render: (e) => e.client_id || "—" },
        { title: t("column.ip"), render: (e) => e.ip || "—" },
        { title: "", render: (e) => button(t("action.details"), () => details(e), { variant: "link", testid: "event-details" }) },
      ], page.data, { testid: "audit-table", caption: t("page.audit.title") }),
      pager(page.next_cursor, load, cursor ? () => load(undefined) : null));
    } catch (e) {
      replace(results);
      messages.error(e);
    }
  };
  await load(undefined);
}

function details(e) {
  modal(e.type, descriptionList([
    [t("column.time"), when(e.occurred_at)],
    [t("audit.id"), code(e.id)],
    [t("audit.outcome"), t(`outcome.${e.outcome}`)],
    [t("audit.actor"), [e.actor_type || "—", " ", e.actor_id || ""]],
    [t("column.user"), e.user_id || "—"],
    [t("audit.session"), e.session_id || "—"],
    [t("column.client"), e.client_id || "—"],
    [t("column.ip"), e.ip || "—"],
    [t("column.userAgent"), e.user_agent || "—"],
    ...Object.entries(e.metadata || {}).map(([k, v]) => [k, String(v)]),
  ]), { wide: true, testid: "event-dialog" });
}
