// Overview: sign-ins by decision over time, the signals that fired most, delivery health, DSRs due.
import uPlot from "../vendor/uPlot.esm.js";
import { h, replace } from "../dom.js";
import { t, number, time } from "../i18n.js";
import * as api from "../api.js";
import { card, label, messageArea, pageHeader, section, select, table, when, loading } from "../ui.js";

const COLORS = { allow: "#3e8635", step_up: "#f0ab00", deny: "#c9190b" };

export async function render(ctx) {
  const days = ctx.params.get("days") || "7";
  const messages = messageArea();
  const period = select("days", [["1", t("overview.days1")], ["7", t("overview.days7")], ["30", t("overview.days30")], ["90", t("overview.days90")]],
    { value: days, testid: "overview-days" });
  period.setAttribute("aria-label", t("overview.period"));
  period.addEventListener("change", () => ctx.go(ctx.href(ctx.realm, "overview", { days: period.value })));
  const body = h("div", { class: "authio-grid" }, loading());
  replace(ctx.main, pageHeader(t("page.overview.title"), t("page.overview.description"), h("span", { class: "pf-v5-c-form-control" }, period)),
    section(messages, body));
  let o;
  try {
    o = await api.admin(ctx.realm, `/overview${api.query({ days })}`);
  } catch (e) {
    replace(body);
    messages.error(e);
    return;
  }
  replace(body,
    o.sign_ins ? signIns(o) : null,
    o.top_signals ? topSignals(o.top_signals, o.top_signals_counted, ctx) : null,
    o.delivery ? delivery(o.delivery, ctx) : null,
    o.dsr ? dsrs(o.dsr, ctx) : null);
}

function signIns(o) {
  const totals = o.sign_ins.totals;
  const chart = h("div", { class: "authio-chart", "data-testid": "sign-ins-chart", role: "img",
    "aria-label": t("overview.chartLabel", { allow: totals.allow, step_up: totals.step_up, deny: totals.deny }) });
  const el = card(t("overview.signIns"),
    h("div", { class: "authio-totals" }, ["allow", "step_up", "deny"].map((d) => h("div", { class: `authio-total authio-total--${d}`, "data-testid": `total-${d}` },
      h("span", { class: "authio-total__value" }, number(totals[d])), h("span", { class: "authio-total__label" }, t(`decision.${d}`))))),
    chart,
    h("details", { class: "authio-details" }, h("summary", {}, t("overview.asTable")),
      table([
        { title: o.bucket === "hour" ? t("overview.hour") : t("overview.day"), render: (b) => time(b.start) },
        { title: t("decision.allow"), render: (b) => number(b.allow) },
        { title: t("decision.step_up"), render: (b) => number(b.step_up) },
        { title: t("decision.deny"), render: (b) => number(b.deny) },
      ], o.sign_ins.buckets)));
  requestAnimationFrame(() => plot(chart, o));
  return el;
}

function plot(target, o) {
  const b = o.sign_ins.buckets;
  const data = [b.map((x) => Date.parse(x.start) / 1000), b.map((x) => x.allow), b.map((x) => x.step_up), b.map((x) => x.deny)];
  const bars = uPlot.paths.bars({ size: [0.8, 40], gap: 1 });
  const width = () => Math.max(260, target.clientWidth || 600);
  const chart = new uPlot({
    width: width(),
    height: 220,
    series: [{}, ...["allow", "step_up", "deny"].map((d) => ({ label: t(`decision.${d}`), stroke: COLORS[d], fill: `${COLORS[d]}55`, paths: bars, points: { show: false } }))],
    axes: [{}, { size: 50 }],
    scales: { x: { time: true } },
    legend: { show: true },
  }, data, target);
  new ResizeObserver(() => chart.setSize({ width: width(), height: 220 })).observe(target);
}

function topSignals(signals, counted, ctx) {
  const max = Math.max(1, ...signals.map((s) => s.count));
  return card(t("overview.topSignals"),
    counted && !counted.complete ? h("p", { class: "authio-muted" }, t("overview.signalsSampled", { n: number(counted.decisions) })) : null,
    signals.length === 0 ? h("p", {}, t("overview.noSignals")) :
    h("ol", { class: "authio-bars", "data-testid": "top-signals" }, signals.map((s) => h("li", {},
      h("div", { class: "authio-bars__label" }, h("a", { href: ctx.href(ctx.realm, "risk-decisions", {}) }, t(`signal.${s.signal}`)),
        h("span", { class: "authio-bars__count" }, number(s.count))),
      h("progress", { class: "authio-bars__bar", max, value: s.count, "aria-label": t(`signal.${s.signal}`) }),
      h("p", { class: "authio-muted" }, t(`signal.${s.signal}.explain`))))));
}

function delivery(rows, ctx) {
  return card(t("overview.delivery"), table([
    { title: t("destination.title"), render: (d) => h("a", { href: ctx.href(ctx.realm, d.kind === "webhook" ? "webhooks" : "siem-sinks", { id: d.id }) }, d.description || d.url) },
    { title: t("destination.kind"), render: (d) => t(`destination.kind.${d.kind}`) },
    { title: t("destination.health"), render: (d) => health(d) },
    { title: t("delivery.pending"), render: (d) => number(d.pending) },
    { title: t("delivery.dead"), render: (d) => d.dead > 0 ? label(number(d.dead), "red") : "0" },
  ], rows, { testid: "delivery-health" }));
}

export function health(d) {
  if (!d.enabled) return label(d.disabled_reason ? t("destination.disabledBecause", { reason: d.disabled_reason }) : t("destination.disabled"), "grey");
  if (d.failing_since) return h("span", {}, label(t("destination.failing"), "orange"), " ", t("destination.since"), " ", when(d.failing_since));
  return label(t("destination.healthy"), "green");
}

function dsrs(d, ctx) {
  return card(t("overview.dsrs"), h("div", { class: "authio-totals", "data-testid": "dsr-figures" },
    figure(d.open, t("dsr.open"), ctx.href(ctx.realm, "dsrs", { status: "pending" })),
    figure(d.due_within_7_days, t("dsr.dueSoon"), ctx.href(ctx.realm, "dsrs", {})),
    figure(d.overdue, t("dsr.overdue"), ctx.href(ctx.realm, "dsrs", { overdue: "true" }), d.overdue > 0 ? "deny" : null)),
    d.next_due_at ? h("p", {}, t("dsr.nextDue"), " ", when(d.next_due_at)) : null);
}

function figure(value, text, link, tone) {
  return h("a", { class: ["authio-total", tone ? `authio-total--${tone}` : null], href: link },
    h("span", { class: "authio-total__value" }, number(value)), h("span", { class: "authio-total__label" }, text));
}
