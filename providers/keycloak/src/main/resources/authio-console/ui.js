// PatternFly 5 building blocks (the styles Keycloak's own consoles use), made of native elements so that
// keyboard use, focus and screen readers work without extra code: <button>, <a>, <input>, <select>, <dialog>.
import { h, replace, uid } from "./dom.js";
import { t, time } from "./i18n.js";

export function pageHeader(title, description, ...actions) {
  return h("section", { class: "pf-v5-c-page__main-section pf-m-light authio-header" },
    h("div", { class: "authio-header__row" },
      h("div", {},
        h("h1", { class: "pf-v5-c-title pf-m-2xl", tabindex: "-1", id: "authio-page-title" }, title),
        description ? h("p", { class: "authio-header__description" }, description) : null),
      actions.length ? h("div", { class: "authio-header__actions" }, actions) : null));
}

export function section(...children) {
  return h("section", { class: "pf-v5-c-page__main-section" }, children);
}

export function card(title, ...body) {
  return h("div", { class: "pf-v5-c-card authio-card" },
    title ? h("div", { class: "pf-v5-c-card__title" }, h("h2", { class: "pf-v5-c-card__title-text" }, title)) : null,
    h("div", { class: "pf-v5-c-card__body" }, body));
}

export function button(label, onclick, { variant = "secondary", type = "button", disabled = false, id, testid } = {}) {
  return h("button", { class: ["pf-v5-c-button", `pf-m-${variant}`], type, onclick, disabled, id, "data-testid": testid }, label);
}

export function link(label, href, { testid } = {}) {
  return h("a", { href, "data-testid": testid }, label);
}

export function label(text, color) {
  return h("span", { class: ["pf-v5-c-label", color ? `pf-m-${color}` : null, "pf-m-compact"] },
    h("span", { class: "pf-v5-c-label__content" }, text));
}

export function alert(variant, title, body) {
  return h("div", { class: ["pf-v5-c-alert", "pf-m-inline", `pf-m-${variant}`], role: variant === "danger" ? "alert" : "status" },
    h("p", { class: "pf-v5-c-alert__title" }, h("span", { class: "pf-v5-screen-reader" }, `${variant}: `), title),
    body ? h("div", { class: "pf-v5-c-alert__description" }, body) : null);
}

/** Where a page puts the outcome of an action (success or the API's refusal). */
export function messageArea() {
  const area = h("div", { class: "authio-messages", "aria-live": "polite" });
  area.show = (variant, title, body) => replace(area, alert(variant, title, body));
  area.error = (e) => area.show("danger", t("error.title"), e && (e.description || e.message) ? (e.description || e.message) : String(e));
  area.clear = () => replace(area);
  return area;
}

/** A table; on narrow screens PatternFly turns it into labelled blocks (pf-m-grid-md + data-label). */
export function table(columns, rows, { caption, testid } = {}) {
  return h("table", { class: "pf-v5-c-table pf-m-grid-md pf-m-compact", role: "grid", "data-testid": testid },
    caption ? h("caption", { class: "pf-v5-screen-reader" }, caption) : null,
    h("thead", {}, h("tr", { role: "row" }, columns.map((c) => h("th", { role: "columnheader", scope: "col" }, c.title)))),
    h("tbody", { role: "rowgroup" },
      rows.length === 0
        ? h("tr", { role: "row" }, h("td", { role: "cell", colspan: columns.length }, emptyState(t("table.empty"))))
        : rows.map((row) => h("tr", { role: "row" },
          columns.map((c) => h("td", { role: "cell", "data-label": c.title }, c.render(row)))))));
}

export function emptyState(text) {
  return h("div", { class: "pf-v5-c-empty-state pf-m-sm" }, h("div", { class: "pf-v5-c-empty-state__content" },
    h("div", { class: "pf-v5-c-empty-state__body" }, text)));
}

export function formGroup(labelText, control, help) {
  const id = control.id || uid("field");
  control.id = id;
  return h("div", { class: "pf-v5-c-form__group" },
    h("div", { class: "pf-v5-c-form__group-label" }, h("label", { class: "pf-v5-c-form__label", for: id },
      h("span", { class: "pf-v5-c-form__label-text" }, labelText))),
    h("div", { class: "pf-v5-c-form__group-control" }, wrap(control),
      help ? h("div", { class: "pf-v5-c-form__helper-text" }, h("div", { class: "pf-v5-c-helper-text" },
        h("div", { class: "pf-v5-c-helper-text__item" }, h("span", { class: "pf-v5-c-helper-text__item-text" }, help)))) : null));
}

function wrap(control) {
  if (control.tagName === "INPUT" && (control.type === "checkbox" || control.type === "radio")) {
    return h("div", { class: "pf-v5-c-check" }, control);
  }
  if (control.tagName === "SELECT") return h("span", { class: "pf-v5-c-form-control" }, control, h("span", { class: "pf-v5-c-form-control__utilities" }, h("span", { class: "pf-v5-c-form-control__toggle-icon" }, "▾")));
  if (control.tagName === "INPUT" || control.tagName === "TEXTAREA") return h("span", { class: ["pf-v5-c-form-control", control.tagName === "TEXTAREA" ? "pf-m-textarea" : null] }, control);
  return control;
}

export function input(name, { type = "text", value = "", required = false, placeholder, min, max, step, testid, autocomplete = "off" } = {}) {
  return h("input", { name, type, value, required, placeholder, min, max, step, "data-testid": testid || name, autocomplete });
}

export function textarea(name, { value = "", rows = 4, testid } = {}) {
  const el = h("textarea", { name, rows, "data-testid": testid || name });
  el.value = value;
  return el;
}

export function select(name, options, { value = "", testid } = {}) {
  return h("select", { name, "data-testid": testid || name },
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
}

export function checkbox(name, checked, text, { testid } = {}) {
  const id = uid("check");
  return h("div", { class: "pf-v5-c-check" },
    h("input", { class: "pf-v5-c-check__input", type: "checkbox", name, id, checked, "data-testid": testid || name }),
    h("label", { class: "pf-v5-c-check__label", for: id }, text));
}

export function form(onsubmit, ...children) {
  return h("form", {
    class: "pf-v5-c-form",
    novalidate: true,
    onsubmit: (e) => { e.preventDefault(); onsubmit(e.target); },
  }, children);
}

export function actions(...buttons) {
  return h("div", { class: "pf-v5-c-form__group pf-m-action" }, h("div", { class: "pf-v5-c-form__actions" }, buttons));
}

/** A modal dialog (native <dialog>: focus stays inside, Escape closes). Returns {dialog, close}. */
export function modal(title, body, { wide = false, testid, onclose } = {}) {
  const titleId = uid("modal-title");
  const dialog = h("dialog", { class: ["pf-v5-c-modal-box", wide ? "pf-m-lg" : "pf-m-md", "authio-modal"], "aria-labelledby": titleId, "data-testid": testid },
    h("div", { class: "pf-v5-c-modal-box__close" }, h("button", { class: "pf-v5-c-button pf-m-plain", type: "button", "aria-label": t("action.close"), onclick: () => close() }, "✕")),
    h("header", { class: "pf-v5-c-modal-box__header" }, h("h1", { class: "pf-v5-c-modal-box__title", id: titleId }, title)),
    h("div", { class: "pf-v5-c-modal-box__body" }, body));
  const close = () => {
    if (dialog.open) dialog.close();
  };
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (onclose) onclose();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  return { dialog, close };
}

/** Asks before a consequential action; resolves true when confirmed. */
export function confirm(title, text, confirmLabel, variant = "danger") {
  return new Promise((resolve) => {
    let answer = false;
    const m = modal(title, [h("p", {}, text), actions(
      button(confirmLabel, () => { answer = true; m.close(); }, { variant, testid: "confirm" }),
      button(t("action.cancel"), () => m.close(), { variant: "link" }))], { onclose: () => resolve(answer) });
  });
}

/** Shows a secret exactly once, with a copy button and the warning that it cannot be shown again. */
export function showOnce(title, secret, note) {
  const field = h("input", { class: "authio-secret", readonly: true, value: secret, "data-testid": "secret-once", "aria-label": title });
  const copied = h("span", { class: "authio-copied", "aria-live": "polite" });
  return modal(title, [
    alert("warning", t("secret.once"), note),
    h("div", { class: "pf-v5-c-clipboard-copy" }, h("div", { class: "pf-v5-c-clipboard-copy__group" },
      h("span", { class: "pf-v5-c-form-control pf-m-readonly" }, field),
      button(t("action.copy"), async () => {
        try {
          await navigator.clipboard.writeText(secret);
          copied.textContent = t("secret.copied");
        } catch (e) {
          field.select();
        }
      }, { variant: "control", testid: "copy-secret" }))),
    copied,
  ], { testid: "secret-dialog" });
}

export function descriptionList(pairs) {
  return h("dl", { class: "pf-v5-c-description-list pf-m-horizontal pf-m-compact" },
    pairs.filter(Boolean).map(([term, value]) => h("div", { class: "pf-v5-c-description-list__group" },
      h("dt", { class: "pf-v5-c-description-list__term" }, h("span", { class: "pf-v5-c-description-list__text" }, term)),
      h("dd", { class: "pf-v5-c-description-list__description" }, h("div", { class: "pf-v5-c-description-list__text" }, value ?? "—")))));
}

export function toolbar(...items) {
  return h("div", { class: "pf-v5-c-toolbar" }, h("div", { class: "pf-v5-c-toolbar__content" },
    h("div", { class: "pf-v5-c-toolbar__content-section authio-toolbar" }, items.filter(Boolean).map((i) => h("div", { class: "pf-v5-c-toolbar__item" }, i)))));
}

/** "Next page" for cursor-paged lists. */
export function pager(nextCursor, onNext, onFirst) {
  return h("div", { class: "authio-pager" },
    onFirst ? button(t("page.first"), onFirst, { variant: "link", testid: "first-page" }) : null,
    nextCursor ? button(t("page.next"), () => onNext(nextCursor), { variant: "secondary", testid: "next-page" }) : h("span", { class: "authio-muted" }, t("page.end")));
}

export function when(iso) {
  return h("time", { datetime: iso || "" }, time(iso));
}

export function code(text) {
  return h("code", { class: "authio-code" }, text ?? "—");
}

/** Reads a form's named fields into an object. */
export function values(formEl) {
  const out = {};
  for (const el of formEl.elements) {
    if (!el.name) continue;
    out[el.name] = el.type === "checkbox" ? el.checked : el.value;
  }
  return out;
}

export function loading() {
  return h("div", { class: "authio-loading-inline", role: "status" }, t("loading"));
}
