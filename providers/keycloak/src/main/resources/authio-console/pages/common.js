// Helpers the pages share.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { input, formGroup } from "../ui.js";

/** A datetime-local value as RFC 3339 (the browser's zone), or "" when empty. */
export function rfc3339(local) {
  if (!local) return "";
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

/** An RFC 3339 value for a datetime-local field. */
export function local(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The filter form of a list page: fields in a row, submitted with Enter or the button. */
export function filterForm(fields, onsubmit, extra) {
  const form = h("form", { class: "pf-v5-c-form authio-filters", role: "search", onsubmit: (e) => { e.preventDefault(); onsubmit(form); } },
    fields, h("div", { class: "authio-filters__actions" },
      h("button", { class: "pf-v5-c-button pf-m-primary", type: "submit", "data-testid": "apply-filters" }, t("filter.apply")), extra));
  return form;
}

export function sinceUntil(params) {
  return [
    formGroup(t("filter.since"), input("since", { type: "datetime-local", value: local(params.get("since")) })),
    formGroup(t("filter.until"), input("until", { type: "datetime-local", value: local(params.get("until")) })),
  ];
}

export function userLink(ctx, userId) {
  if (!userId) return "—";
  return h("a", { href: ctx.href(ctx.realm, "timeline", { user: userId }), class: "authio-id", title: t("timeline.open") }, userId);
}
