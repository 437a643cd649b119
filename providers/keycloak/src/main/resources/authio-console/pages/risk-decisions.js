// Risk decisions, each with its explanation: every signal that fired, what it means, its weight, strength and
// contribution to the score.
import { h, replace } from "../dom.js";
import { t, number } from "../i18n.js";
import * as api from "../api.js";
import { button, code, descriptionList, formGroup, input, label, messageArea, modal, pageHeader, pager, section, select, table, when, loading } from "../ui.js";
import { filterForm, rfc3339, sinceUntil, userLink } from "./common.js";

export function decisionLabel(decision) {
  return label(t(`decision.${decision}`), decision === "allow" ? "green" : decision === "deny" ? "red" : "orange");
}

export async function render(ctx) {
  const p = ctx.params;
  const filters = {
    decision: p.get("decision") || "", kind: p.get("kind") || "", min_score: p.get("min_score") || "", user_id: p.get("user_id") || "",
    since: p.get("since") || "", until: p.get("until") || "", limit: p.get("limit") || "50",
  };
  const messages = messageArea();
  const results = h("div", {}, loading());
  const form = filterForm([
    formGroup(t("risk.decision"), select("decision", [["", t("filter.any")], ["allow", t("decision.allow")], ["step_up", t("decision.step_up")], ["deny", t("decision.deny")]], { value: filters.decision })),
    formGroup(t("risk.kind"), select("kind", [["", t("filter.any")], ["login", t("kind.login")], ["failed_attempt", t("kind.failed_attempt")]], { value: filters.kind })),
    formGroup(t("risk.minScore"), input("min_score", { type: "number", min: 0, max: 100, value: filters.min_score })),
    formGroup(t("filter.user"), input("user_id", { value: filters.user_id })),
    ...sinceUntil(p),
  ], (f) => ctx.go(ctx.href(ctx.realm, "risk-decisions", {
    decision: f.decision.value, kind: f.kind.value, min_score: f.min_score.value, user_id: f.user_id.value.trim(),
    since: rfc3339(f.since.value), until: rfc3339(f.until.value),
  })));
  replace(ctx.main, pageHeader(t("page.risk-decisions.title"), t("page.risk-decisions.description")), section(form, messages, results));

  const load = async (cursor) => {
    replace(results, loading());
    try {
      const page = await api.admin(ctx.realm, `/risk-decisions${api.query({ ...filters, cursor })}`);
      replace(results, table([
        { title: t("column.time"), render: (d) => when(d.created_at) },
        { title: t("risk.decision"), render: (d) => decisionLabel(d.decision) },
        { title: t("risk.score"), render: (d) => h("strong", {}, String(d.score)) },
        { title: t("risk.kind"), render: (d) => t(`kind.${d.kind}`) },
        { title: t("column.user"), render: (d) => userLink(ctx, d.user_id) },
        { title: t("column.ip"), render: (d) => [d.ip || "—", d.country ? ` (${d.country})` : ""] },
        { title: t("risk.signals"), render: (d) => d.signals.length ? d.signals.map((s) => t(`signal.${s.signal}`)).join(", ") : "—" },
        { title: "", render: (d) => button(t("risk.explain"), () => explain(d, ctx), { variant: "link", testid: "explain" }) },
      ], page.data, { testid: "risk-table", caption: t("page.risk-decisions.title") }),
      pager(page.next_cursor, load, cursor ? () => load(undefined) : null));
    } catch (e) {
      replace(results);
      messages.error(e);
    }
  };
  await load(undefined);
}

/** The explanation of one decision. */
export function explain(d, ctx) {
  modal(t("risk.explanation", { score: d.score }), [
    descriptionList([
      [t("column.time"), when(d.created_at)],
      [t("risk.decision"), [decisionLabel(d.decision), " ", d.outcome ? t(`outcome.${d.outcome}`) : ""]],
      [t("risk.score"), `${d.score} / 100 (${t("risk.logOdds")} ${Number(d.log_odds).toFixed(2)})`],
      [t("column.user"), userLink(ctx, d.user_id)],
      [t("column.ip"), [d.ip || "—", d.country ? ` · ${d.country}` : "", d.asn ? ` · AS${d.asn}` : ""]],
      [t("column.userAgent"), d.user_agent || "—"],
      [t("risk.device"), d.device_id ? code(d.device_id) : "—"],
      d.step_up ? [t("risk.stepUp"), `${t(`stepup.${d.step_up.status}`)}${d.step_up.method ? ` (${d.step_up.method})` : ""}`] : null,
    ]),
    h("h2", { class: "pf-v5-c-title pf-m-md authio-subtitle" }, t("risk.signals")),
    d.signals.length === 0 ? h("p", {}, t("risk.noSignals")) : table([
      { title: t("risk.signal"), render: (s) => h("strong", {}, t(`signal.${s.signal}`)) },
      { title: t("risk.meaning"), render: (s) => [t(`signal.${s.signal}.explain`), s.detail ? h("div", { class: "authio-muted" }, s.detail) : null] },
      { title: t("risk.weight"), render: (s) => number(s.weight) },
      { title: t("risk.strength"), render: (s) => `${Math.round(s.strength * 100)} %` },
      { title: t("risk.contribution"), render: (s) => `+${Number(s.contribution).toFixed(2)}` },
    ], d.signals, { testid: "signals-table" }),
    d.notes && d.notes.length ? h("ul", { class: "authio-notes" }, d.notes.map((n) => h("li", {}, n))) : null,
    h("p", { class: "authio-muted" }, t("risk.formula")),
  ], { wide: true, testid: "explain-dialog" });
}
