// The agent console: sign in with a token, the queue by due time with live SLA countdowns, one hand-off's whole
// thread, and the actions on it. Polls every 2 seconds, so new DMs and queue changes appear without a reload.
import { api, ApiError, el, duration, newKey, plain, token } from "/console/api.js";

const $ = (id) => document.getElementById(id);
const POLL_MS = 2000;
let selected = null;        // the open hand-off's id
let queue = [];
let savedReplies = [];
let timer = null;
let zone;   // the brand's time zone (GET /api/me): times as the customers were promised them, not in the browser's zone

// A time in the brand's zone; in the browser's when the browser does not know that zone (or an older server gave none).
function when(at) {
  try {
    return new Date(at).toLocaleString(undefined, { timeZone: zone });
  } catch {
    return new Date(at).toLocaleString();
  }
}
let sending = { key: null, handoff: null, text: null };   // the reply being sent and its Idempotency-Key

async function signIn(t) {
  token.set(t);
  let me;
  try {
    me = await api("/api/me");
  } catch (e) {
    token.clear();
    throw e;
  }
  zone = me.zone;
  $("who").textContent = plain(`${me.name ?? me.id} · ${me.operator ? "operator, every team" : `team ${me.team}`}${zone ? ` · times in ${zone}` : ""}`);
  $("sign-in").hidden = true;
  $("workspace").hidden = false;
  $("sign-out").hidden = false;
  await refresh();
  timer ??= setInterval(refresh, POLL_MS);
  setInterval(tick, 1000);
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("sign-in-error").textContent = "";
  try {
    await signIn($("token").value.trim());
  } catch (e) {
    $("sign-in-error").textContent = e instanceof ApiError && e.status === 401 ? "That token is not valid." : `Could not sign in: ${e.message}`;
  }
});

$("sign-out").addEventListener("click", () => { token.clear(); location.reload(); });
$("state").addEventListener("change", refresh);

async function refresh() {
  try {
    queue = await api(`/api/handoffs?state=${encodeURIComponent($("state").value)}&limit=200`);
    renderQueue();
    if (selected) await renderThread(selected);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { token.clear(); location.reload(); }
    // The open hand-off moved to another team's queue (re-judged) or is gone (erased): close it and say why, once.
    else if (selected) closedBy(e);
  }
}

/// Closes the open hand-off when the error says it is no longer this agent's to see (403: another team's queue now;
/// 404: gone), with a line saying so; false for any other error.
function closedBy(e) {
  if (!(e instanceof ApiError) || (e.status !== 403 && e.status !== 404)) return false;
  selected = null;
  $("thread").hidden = true;
  $("queue-notice").textContent = e.status === 403 ? "The hand-off you had open moved to another team's queue." : "The hand-off you had open no longer exists.";
  renderQueue();
  return true;
}

function due(h) {
  if (!h.firstResponseDue || h.firstResponseAt) return null;
  return new Date(h.firstResponseDue).getTime() - Date.now();
}

function countdown(h) {
  const left = due(h);
  if (left === null) return el("span", { class: "countdown" }, h.firstResponseAt ? "answered" : "");
  const cls = left < 0 ? "countdown overdue" : left < 15 * 60000 ? "countdown soon" : "countdown";
  return el("span", { class: cls, dataset: { due: h.firstResponseDue } }, left < 0 ? `overdue ${duration(left)}` : `due in ${duration(left)}`);
}

function tick() {
  for (const node of document.querySelectorAll(".countdown[data-due]")) {
    const left = new Date(node.dataset.due).getTime() - Date.now();
    node.textContent = left < 0 ? `overdue ${duration(left)}` : `due in ${duration(left)}`;
    node.className = left < 0 ? "countdown overdue" : left < 15 * 60000 ? "countdown soon" : "countdown";
  }
}

function renderQueue() {
  const list = $("queue");
  // The poll redraws the cards: the one the keyboard was on keeps the focus (Tab, then Enter, at any moment).
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.id : null;
  list.replaceChildren(...queue.map((h) => el("li",
    { class: `p-${h.priority}${h.id === selected ? " selected" : ""}`, dataset: { id: h.id, thread: h.thread }, tabindex: "0", role: "button",
      onclick: () => open(h.id), onkeydown: (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(h.id); } } },
    el("div", { class: "row" }, el("strong", {}, h.senderName ?? h.sender), countdown(h)),
    el("div", {}, el("span", { class: `badge ${h.priority}` }, h.priority), el("span", { class: "badge" }, h.category),
      el("span", { class: "badge" }, h.channel), h.customerTier ? el("span", { class: "badge" }, h.customerTier) : null,
      h.assignee ? el("span", { class: "badge" }, `@${h.assignee}`) : null),
    h.lastMessage ? el("div", { class: "preview" }, h.lastMessage) : null,
    el("div", { class: "muted" }, [waited(h), `${h.messages} message${h.messages === 1 ? "" : "s"}`, h.reasonText].filter(Boolean).join(" · ")))));
  $("queue-empty").hidden = queue.length > 0;
  if (focused) list.querySelector(`li[data-id="${CSS.escape(focused)}"]`)?.focus();
}

/// How long the customer has waited since their latest DM, while no one has answered it.
function waited(h) {
  if (!h.lastMessageAt || h.state === "resolved" || h.state === "waiting") return null;
  if (h.lastAnsweredAt && new Date(h.lastAnsweredAt) >= new Date(h.lastMessageAt)) return null;
  return `waiting ${duration(Date.now() - new Date(h.lastMessageAt).getTime())}`;
}

async function open(id) {
  selected = id;
  $("action-error").textContent = "";
  $("queue-notice").textContent = "";
  renderQueue();
  try {
    savedReplies = await api(`/api/saved-replies?handoff=${encodeURIComponent(id)}`);
  } catch (e) {
    if (!closedBy(e)) { $("thread").hidden = false; $("action-error").textContent = `Could not open the hand-off: ${e.message}`; }
    return;
  }
  const select = $("saved");
  select.replaceChildren(el("option", { value: "" }, "— write your own —"),
    ...savedReplies.map((r) => el("option", { value: r.id }, r.rendered ? r.title : `${r.title} (needs ${r.missing.join(", ")})`)));
  $("reply-text").value = "";
  $("wait").checked = false;   // a wait for the customer is chosen for one reply of one hand-off, never carried over
  try {
    await renderThread(id);
  } catch (e) {
    // Moved to another team's queue (or erased) between the two reads: closed with its notice, not an unhandled error
    // (a CI run under load caught the page throwing here).
    if (!closedBy(e)) { $("thread").hidden = false; $("action-error").textContent = `Could not open the hand-off: ${e.message}`; }
    return;
  }
  $("thread").hidden = false;
}

async function renderThread(id) {
  const [h, thread] = await Promise.all([api(`/api/handoffs/${encodeURIComponent(id)}`), api(`/api/handoffs/${encodeURIComponent(id)}/transcript`)]);
  $("thread-title").textContent = plain(`${h.senderName ?? h.sender} · ${h.channel} ${h.thread}`);
  $("thread-badges").replaceChildren(el("span", { class: `badge ${h.priority}` }, h.priority), el("span", { class: "badge" }, h.state),
    el("span", { class: "badge" }, h.assignee ? `@${h.assignee}` : "unclaimed"), countdown(h));
  $("thread-reason").textContent = [h.category, h.reasonText, h.customerTier].filter(Boolean).join(" · ");
  const summary = Object.entries(h.summary ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== "");
  $("thread-summary").replaceChildren(...summary.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  const lines = thread.entries.filter((e) => e.direction !== "event" || ["note", "escalation", "held", "claim", "resolve", "release", "linked", "csat", "waiting"].includes(e.kind));
  const list = $("transcript");
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  list.replaceChildren(...lines.map((e) => el("li", { class: `${e.direction} ${e.kind}` },
    el("span", { class: "meta" }, `${e.actor ?? ""} · ${e.kind} · ${when(e.at)}${e.delivery ? ` · ${e.delivery}` : ""}`),
    e.text ?? "", ...(e.quickReplies ?? []).map((q) => el("span", { class: "option" }, q)))));
  if (atBottom) list.scrollTop = list.scrollHeight;
  const resolved = h.state === "resolved";
  for (const b of ["claim", "resolve", "release", "send", "note"]) $(b).disabled = resolved;
}

$("saved").addEventListener("change", () => {
  const r = savedReplies.find((s) => s.id === $("saved").value);
  $("reply-text").value = r?.rendered ?? "";
  if (r && !r.rendered) $("action-error").textContent = `This saved reply needs ${r.missing.join(", ")}: write them in.`;
});

async function act(path, body, idempotencyKey) {
  $("action-error").textContent = "";
  try {
    await api(`/api/handoffs/${encodeURIComponent(selected)}/${path}`, { method: "POST", body, idempotencyKey });
    await refresh();
    return true;
  } catch (e) {
    $("action-error").textContent = e.message;
    return false;
  }
}

$("claim").addEventListener("click", () => act("claim"));
$("resolve").addEventListener("click", () => act("resolve"));
$("release").addEventListener("click", () => act("release"));
$("note").addEventListener("click", async () => {
  const text = $("reply-text").value.trim();
  if (text && await act("note", { text })) $("reply-text").value = "";
});
$("reply-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("reply-text").value.trim();
  if (!text) { $("action-error").textContent = "Write a reply first."; return; }
  // One key per reply written: a second click, or a send repeated after a network error, sends it once; a changed text
  // (or another hand-off) is another reply.
  if (sending.text !== text || sending.handoff !== selected) sending = { key: newKey(), handoff: selected, text };
  if (await act("reply", { text, waitForCustomer: $("wait").checked }, sending.key)) {
    $("reply-text").value = ""; $("saved").value = ""; $("wait").checked = false;
    sending = { key: null, handoff: null, text: null };   // sent: the same words again later are a new reply
  }
});

if (token.get()) signIn(token.get()).catch(() => token.clear());
