// cognito-mock's dashboard: polls /_mock/ui/api/overview and renders it. Every value goes into the
// page through textContent (el() below), never as HTML. Changes go through the real API actions
// (POST /_mock/ui/api/action), so AWS's rules apply; the server refuses them from another origin.
"use strict";

const POLL_MS = 2000;
let lastText = "";
let editing = false;          // an inline form is open: do not re-render under the user's fingers
let armed = 0;                // Delete buttons waiting for their second click: likewise

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function when(seconds) {
  if (seconds === undefined || seconds === null) return "";
  return new Date(seconds * 1000).toLocaleString(undefined, { hour12: false });
}

function badge(text, kind) { return el("span", { class: `badge ${kind || ""}` }, text); }
function empty(text) { return el("p", { class: "empty" }, text); }

function table(headers, rows) {
  return el("table", {}, el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))), el("tbody", {}, rows));
}

function notice(text, isError) {
  const box = document.getElementById("notice");
  box.textContent = text;
  box.className = isError ? "error" : "";
  box.hidden = !text;
}

async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" },
                                       body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, data };
}

async function run(action, params, done) {
  const { ok, data } = await post("/_mock/ui/api/action", { action, params });
  editing = false;
  armed = 0;
  await refresh(true);               // the notice comes with the table that shows its result
  if (ok) notice(done, false);
  else notice(`${action} failed: ${data.__type || "error"}: ${data.message || ""}`, true);
}

// -- user pools ---------------------------------------------------------------------------------
function statusBadge(user) {
  const kind = { CONFIRMED: "ok", UNCONFIRMED: "warn", FORCE_CHANGE_PASSWORD: "warn", RESET_REQUIRED: "warn" };
  return badge(user.status, kind[user.status] || "info");
}

function passwordForm(pool, user, cell) {
  editing = true;
  const input = el("input", { type: "text", class: "inline", "aria-label": `New password for ${user.username}`,
                              placeholder: "new password", autocomplete: "off" });
  const permanent = el("input", { type: "checkbox", checked: true });
  const form = el("form", { class: "password-form",
    onsubmit: (event) => {
      event.preventDefault();
      run("AdminSetUserPassword", { UserPoolId: pool.id, Username: user.username, Password: input.value,
                                    Permanent: permanent.checked }, `Password of ${user.username} set.`);
    } },
    input, " ", el("label", {}, permanent, " permanent"), " ", el("button", { type: "submit" }, "Save"),
    el("button", { type: "button", onclick: () => { editing = false; refresh(true); } }, "Cancel"));
  cell.replaceChildren(form);
  input.focus();
}

function userActions(pool, user) {
  const cell = el("td", { class: "actions" });
  const on = { UserPoolId: pool.id, Username: user.username };
  if (user.status === "UNCONFIRMED") {
    cell.append(el("button", { type: "button", onclick: () => run("AdminConfirmSignUp", on, `${user.username} confirmed.`) },
                   "Confirm"));
  }
  cell.append(el("button", { type: "button", onclick: () => passwordForm(pool, user, cell) }, "Set password"));
  cell.append(user.enabled
    ? el("button", { type: "button", onclick: () => run("AdminDisableUser", on, `${user.username} disabled.`) }, "Disable")
    : el("button", { type: "button", onclick: () => run("AdminEnableUser", on, `${user.username} enabled.`) }, "Enable"));
  const remove = el("button", { type: "button", class: "danger" }, "Delete");
  remove.addEventListener("click", () => {
    if (remove.dataset.armed) { run("AdminDeleteUser", on, `${user.username} deleted.`); return; }
    remove.dataset.armed = "1";
    remove.textContent = "Really delete?";
    armed += 1;                      // no re-render may swap the armed button for a fresh one
    setTimeout(() => {
      if (!remove.dataset.armed) return;
      delete remove.dataset.armed; remove.textContent = "Delete"; armed = Math.max(armed - 1, 0);
    }, 4000);
  });
  cell.append(remove);
  return cell;
}

function usersTable(pool) {
  if (!pool.users.length) return empty("No users.");
  const rows = pool.users.map((user) => el("tr", { "data-username": user.username },
    el("td", {}, el("strong", {}, user.username), el("div", { class: "muted mono" }, user.sub)),
    el("td", {}, statusBadge(user), " ", user.enabled ? badge("enabled", "ok") : badge("disabled", "bad")),
    el("td", {}, el("ul", { class: "attrs" }, Object.entries(user.attributes).filter(([name]) => name !== "sub")
      .map(([name, value]) => el("li", { title: `${name} = ${value}` }, el("span", { class: "muted" }, `${name}: `), value)))),
    el("td", {}, user.groups.length ? user.groups.join(", ") : el("span", { class: "muted" }, "—")),
    el("td", {}, user.mfa.enabled.length ? user.mfa.enabled.map((m) => badge(m === user.mfa.preferred ? `${m} ★` : m, "info"))
                                         : el("span", { class: "muted" }, "none")),
    el("td", {}, user.devices.length ? user.devices.map((d) => el("div", { class: "mono", title: d.key }, d.name || d.key))
                                     : el("span", { class: "muted" }, "—")),
    userActions(pool, user)));
  const more = pool.userCount > pool.users.length ? el("p", { class: "muted" }, `Showing the newest ${pool.users.length} of ${pool.userCount}.`) : null;
  return [table(["User", "Status", "Attributes", "Groups", "MFA", "Devices", "Actions"], rows), more];
}

function clientsTable(pool) {
  if (!pool.clients.length) return empty("No app clients.");
  return table(["Client", "Client id", "Secret", "Auth flows", "OAuth"], pool.clients.map((c) => el("tr", {},
    el("td", {}, c.ClientName), el("td", { class: "mono" }, c.ClientId),
    el("td", { class: "mono" }, c.ClientSecret || el("span", { class: "muted" }, "none")),
    el("td", {}, (c.ExplicitAuthFlows || []).join(", ")),
    el("td", {}, (c.AllowedOAuthFlows || []).join(", "), c.CallbackURLs ? el("div", { class: "muted" }, c.CallbackURLs.join(" ")) : null))));
}

function poolCard(pool) {
  const domains = [pool.domain, pool.customDomain].filter(Boolean);
  return el("details", { class: "card", open: true, "data-pool": pool.id },
    el("summary", {}, el("h3", {}, pool.name), el("code", {}, pool.id),
       el("span", { class: "muted" }, `${pool.region} · ${pool.userCount} user(s) · MFA ${pool.mfa || "OFF"}`),
       domains.length ? el("span", { class: "muted" }, `domain ${domains.join(", ")}`) : null),
    el("h4", {}, "App clients"), clientsTable(pool),
    el("h4", {}, "Groups"), pool.groups.length
      ? table(["Group", "Precedence", "Description"], pool.groups.map((g) => el("tr", {},
          el("td", {}, g.GroupName), el("td", {}, g.Precedence ?? ""), el("td", {}, g.Description || ""))))
      : empty("No groups."),
    el("h4", {}, "Users"), usersTable(pool));
}

// -- identity pools, outbox, requests -------------------------------------------------------------
function identityCard(pool) {
  return el("div", { class: "card" },
    el("h3", {}, pool.name, " ", el("code", {}, pool.id)),
    el("p", { class: "muted" }, pool.allowUnauthenticated ? "unauthenticated identities allowed" : "authenticated only",
       pool.providers.length ? ` · providers: ${pool.providers.join(", ")}` : ""),
    pool.identities.length
      ? table(["Identity", "Logins"], pool.identities.map((i) => el("tr", {}, el("td", { class: "mono" }, i.id),
          el("td", {}, i.logins.length ? i.logins.join(", ") : el("span", { class: "muted" }, "unauthenticated")))))
      : empty("No identities yet."));
}

async function copy(text, button) {
  try { await navigator.clipboard.writeText(text); }
  catch (error) {             // no clipboard permission: select a temporary field and copy from it
    const field = el("textarea", {}, text);
    document.body.append(field); field.select(); document.execCommand("copy"); field.remove();
  }
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = "Copy"; }, 1500);
}

function outbox(messages) {
  if (!messages.length) return empty("Nothing sent yet.");
  return table(["Sent", "Kind", "To", "User", "Code", "Message"], messages.map((m) => el("tr", { "data-kind": m.kind },
    el("td", {}, when(m.sent_at)), el("td", {}, badge(m.kind, "info"), " ", el("span", { class: "muted" }, m.channel)),
    el("td", {}, m.destination), el("td", {}, m.username || "", el("div", { class: "muted mono" }, m.pool_id || "")),
    el("td", {}, m.code ? [el("span", { class: "code" }, m.code), " ",
                           el("button", { type: "button", onclick: (e) => copy(m.code, e.target) }, "Copy")] : "",
       m.temporary_password ? el("div", { class: "mono" }, `temporary password: ${m.temporary_password}`) : null),
    el("td", {}, el("details", {}, el("summary", {}, m.subject || "text"), el("pre", {}, m.body))))));
}

function requests(calls) {
  if (!calls.length) return empty("No API requests to this server yet.");
  return table(["Time", "Service", "Action", "Status", "Error"], calls.map((c) => el("tr", {},
    el("td", {}, when(c.time)), el("td", {}, c.service), el("td", {}, c.action),
    el("td", {}, badge(String(c.status), c.status < 400 ? "ok" : "bad")), el("td", {}, c.error || ""))));
}

// -- the page ------------------------------------------------------------------------------------
function render(state) {
  document.getElementById("pools").replaceChildren(
    ...(state.userPools.length ? state.userPools.map(poolCard) : [empty("No user pools.")]));
  document.getElementById("identities").replaceChildren(
    ...(state.identityPools.length ? state.identityPools.map(identityCard) : [empty("No identity pools.")]));
  document.getElementById("messages").replaceChildren(outbox(state.outbox));
  document.getElementById("calls").replaceChildren(requests(state.requests));
}

async function refresh(force) {
  const status = document.getElementById("status");
  status.dataset.polls = String(Number(status.dataset.polls || 0) + 1);   // each tick, for scripts and tests
  if ((editing || armed) && !force) return;
  const busyBefore = editing || armed;
  try {
    const response = await fetch("/_mock/ui/api/overview", { cache: "no-store" });
    const text = await response.text();
    status.textContent = `live · emulator time ${when(JSON.parse(text).now)}`;
    if ((editing || armed) && !(force && busyBefore)) return;   // a form opened while this was on its way: keep it
    if (text !== lastText || force) {
      lastText = text;
      render(JSON.parse(text));
    }
  } catch (error) {
    document.getElementById("status").textContent = "server unreachable";
  }
}

async function checkToken() {
  const out = document.getElementById("token-result");
  const { data } = await post("/_mock/ui/api/token", { token: document.getElementById("token-input").value });
  out.replaceChildren(
    el("p", { class: `verdict ${data.valid ? "ok" : "bad"}`, "data-valid": String(Boolean(data.valid)) },
       data.valid ? "✔ Valid: " : "✘ Invalid: ", data.reason || ""),
    data.header ? el("div", { class: "cols" },
      el("div", {}, el("h4", {}, "Header"), el("pre", {}, JSON.stringify(data.header, null, 2))),
      el("div", {}, el("h4", {}, "Payload"), el("pre", {}, JSON.stringify(data.payload, null, 2)))) : null);
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("token-check").addEventListener("click", checkToken);
  document.getElementById("reset").addEventListener("click", async (event) => {
    const button = event.target;
    if (!button.dataset.armed) {
      button.dataset.armed = "1"; button.textContent = "Click again to reset everything";
      setTimeout(() => { delete button.dataset.armed; button.textContent = "Reset all"; }, 4000);
      return;
    }
    delete button.dataset.armed; button.textContent = "Reset all";
    const response = await fetch("/_mock/reset", { method: "POST" });
    notice(response.ok ? "The emulator was reset." : "Reset failed.", !response.ok);
    await refresh(true);
  });
  refresh(true);
  setInterval(() => { if (!document.hidden) refresh(false); }, POLL_MS);
});
