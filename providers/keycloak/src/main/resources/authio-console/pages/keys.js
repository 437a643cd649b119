// Keys: the realm's data keys and sealed signing keys, their rotations and the record of every rotation.
import { h, replace } from "../dom.js";
import { t, number } from "../i18n.js";
import * as api from "../api.js";
import { actions, button, code, confirm, form, formGroup, input, label, loading, messageArea, modal, pageHeader, pager, section, select,
  table, values, when } from "../ui.js";

export async function render(ctx) {
  const manage = ctx.perms.manage_realm;
  const messages = messageArea();
  const overview = h("div", {}, loading());
  const records = h("div", {});
  replace(ctx.main, pageHeader(t("page.keys.title"), t("page.keys.description"),
    manage ? button(t("keys.rotateData"), async () => {
      if (!await confirm(t("keys.rotateData"), t("keys.rotateDataConfirm"), t("keys.rotate"), "primary")) return;
      try {
        const r = await api.admin(ctx.realm, "/keys/data-key/rotate", { method: "POST", body: { reseal: true } });
        messages.show("success", t("keys.rotatedData", { version: r.active_version }));
        await load();
      } catch (e) {
        messages.error(e);
      }
    }, { variant: "primary", testid: "rotate-data-key" }) : null,
    manage ? button(t("keys.rotateSigning"), () => rotateSigning(ctx, messages, load), { testid: "rotate-signing-key" }) : null),
  section(messages, overview), section(h("h2", { class: "pf-v5-c-title pf-m-lg" }, t("keys.records")), records));

  async function load() {
    try {
      const k = await api.admin(ctx.realm, "/keys");
      replace(overview,
        h("h2", { class: "pf-v5-c-title pf-m-lg" }, t("keys.dataKeys")),
        table([
          { title: t("keys.version"), render: (d) => String(d.version) },
          { title: t("keys.state"), render: (d) => label(t(`keys.state.${d.state}`), d.state === "active" ? "green" : "grey") },
          { title: t("keys.kek"), render: (d) => code(d.kek_id) },
          { title: t("column.created"), render: (d) => when(d.created_at) },
          { title: t("keys.retired"), render: (d) => d.retired_at ? when(d.retired_at) : "—" },
          { title: t("keys.sealedValues"), render: (d) => number(d.sealed_values) },
        ], k.data_keys, { testid: "data-keys-table" }),
        h("h2", { class: "pf-v5-c-title pf-m-lg authio-subtitle" }, t("keys.signingKeys")),
        table([
          { title: t("keys.name"), render: (s) => s.name },
          { title: "kid", render: (s) => code(s.kid) },
          { title: t("keys.algorithm"), render: (s) => s.algorithm || "—" },
          { title: t("keys.status"), render: (s) => label(t(`keys.status.${s.status}`), s.status === "active" ? "green" : "grey") },
          { title: t("keys.passiveUntil"), render: (s) => s.passive_until ? when(s.passive_until) : "—" },
        ], k.signing_keys, { testid: "signing-keys-table" }));
    } catch (e) {
      replace(overview);
      messages.error(e);
    }
    await loadRecords(undefined);
  }

  async function loadRecords(cursor) {
    replace(records, h("h2", { class: "pf-v5-c-title pf-m-lg" }, t("keys.records")), loading());
    try {
      const page = await api.admin(ctx.realm, `/keys/rotations${api.query({ cursor, limit: 20 })}`);
      replace(records, h("h2", { class: "pf-v5-c-title pf-m-lg" }, t("keys.records")), table([
        { title: t("column.time"), render: (r) => when(r.rotated_at) },
        { title: t("keys.kind"), render: (r) => t(`keys.kind.${r.kind}`) },
        { title: t("keys.from"), render: (r) => r.old_key_id ? code(r.old_key_id) : "—" },
        { title: t("keys.to"), render: (r) => r.new_key_id ? code(r.new_key_id) : "—" },
        { title: t("keys.by"), render: (r) => r.actor_type ? `${r.actor_type}${r.actor_id ? ` ${r.actor_id}` : ""}` : "—" },
      ], page.data, { testid: "rotations-table" }), pager(page.next_cursor, loadRecords, cursor ? () => loadRecords(undefined) : null));
    } catch (e) {
      messages.error(e);
    }
  }
  await load();
}

function rotateSigning(ctx, pageMessages, reload) {
  const messages = messageArea();
  const m = modal(t("keys.rotateSigning"), [messages, form(async (f) => {
    const v = values(f);
    try {
      const r = await api.admin(ctx.realm, "/keys/signing-key/rotate", { method: "POST", body: { algorithm: v.algorithm, grace_period_seconds: Number(v.grace) * 3600 } });
      m.close();
      pageMessages.show("success", t("keys.rotatedSigning", { kid: r.kid }));
      reload();
    } catch (e) {
      messages.error(e);
    }
  },
  formGroup(t("keys.algorithm"), select("algorithm", ["RS256", "ES256", "PS256", "RS384", "ES384", "RS512", "ES512"].map((a) => [a, a]))),
  formGroup(t("keys.grace"), input("grace", { type: "number", min: 0, max: 2160, value: "24" }), t("keys.graceHelp")),
  actions(button(t("keys.rotate"), null, { variant: "primary", type: "submit", testid: "save" }), button(t("action.cancel"), () => m.close(), { variant: "link" })))],
  { testid: "rotate-dialog" });
}
