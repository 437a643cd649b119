// One user's timeline: audit events and risk decisions merged, newest first.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import * as api from "../api.js";
import { button, code, formGroup, input, label, messageArea, pageHeader, section, table, when, loading } from "../ui.js";
import { decisionLabel, explain } from "./risk-decisions.js";
import { filterForm } from "./common.js";

const PAGE = 50;

export async function render(ctx) {
  const user = (ctx.params.get("user") || "").trim();
  const messages = messageArea();
  const results = h("div", {});
  const form = filterForm([formGroup(t("timeline.user"), input("user", { value: user, required: true }), t("timeline.userHelp"))],
    (f) => ctx.go(ctx.href(ctx.realm, "timeline", { user: f.user.value.trim() })));
  replace(ctx.main, pageHeader(t("page.timeline.title"), t("page.timeline.description")), section(form, messages, results));
  if (!user) return;

  // two cursor-paged streams; an entry is shown once everything newer from both streams is loaded
  const streams = {
    audit: { items: [], cursor: undefined, done: false, path: "/audit-events" },
    risk: { items: [], cursor: undefined, done: false, path: "/risk-decisions" },
  };
  const shown = [];
  const more = async () => {
    replace(results, loading());
    try {
      for (const s of Object.values(streams)) {
        if (!s.done && s.items.length < PAGE) {
          const page = await api.admin(ctx.realm, `${s.path}${api.query({ user_id: user, limit: PAGE, cursor: s.cursor })}`);
          s.items.push(...page.data);
          s.cursor = page.next_cursor;
          s.done = !page.next_cursor;
        }
      }
      const horizon = Math.max(...Object.values(streams).filter((s) => !s.done && s.items.length)
        .map((s) => Date.parse(time(s.items[s.items.length - 1]))), -Infinity);
      const merged = [];
      for (const [kind, s] of Object.entries(streams)) {
        while (s.items.length && Date.parse(time(s.items[0])) >= horizon) merged.push({ kind, item: s.items.shift() });
      }
      merged.sort((a, b) => Date.parse(time(b.item)) - Date.parse(time(a.item)));
      shown.push(...merged);
      const finished = Object.values(streams).every((s) => s.done && s.items.length === 0);
      replace(results, table([
        { title: t("column.time"), render: (e) => when(time(e.item)) },
        { title: t("timeline.what"), render: (e) => e.kind === "audit" ? code(e.item.type) : [t("timeline.riskDecision"), " ", decisionLabel(e.item.decision)] },
        { title: t("timeline.result"), render: (e) => e.kind === "audit" ? label(t(`outcome.${e.item.outcome}`), e.item.outcome === "success" ? "green" : "red") : `${t("risk.score")} ${e.item.score}` },
        { title: t("column.ip"), render: (e) => e.item.ip || "—" },
        { title: t("column.client"), render: (e) => e.item.client_id || "—" },
        { title: "", render: (e) => e.kind === "risk" ? button(t("risk.explain"), () => explain(e.item, ctx), { variant: "link" }) : "" },
      ], shown, { testid: "timeline-table", caption: t("page.timeline.title") }),
      finished ? h("p", { class: "authio-muted" }, t("page.end")) : button(t("page.next"), more, { testid: "next-page" }));
    } catch (e) {
      replace(results);
      messages.error(e);
    }
  };
  await more();
}

function time(item) {
  return item.occurred_at || item.created_at;
}
