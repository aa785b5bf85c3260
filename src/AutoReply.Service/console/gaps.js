// The library gaps page: what the bot did not answer, grouped by what was asked; a group becomes examples of an answer or
// a new answer, shown as a diff of dialogs/ first and written only when the operator confirms (the API refuses agents).
import { api, ApiError, el, token } from "/console/api.js";

const $ = (id) => document.getElementById(id);
let answers = [];

async function load() {
  $("load-error").textContent = "";
  const q = new URLSearchParams();
  if ($("from").value) q.set("from", $("from").value);
  if ($("to").value) q.set("to", $("to").value);
  if ($("lang").value) q.set("lang", $("lang").value);
  let report;
  try {
    report = await api(`/api/gaps?${q}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { $("sign-in").hidden = false; $("gaps").hidden = true; return; }
    $("load-error").textContent = e.message;
    return;
  }
  $("gaps").hidden = false;
  $("period").textContent = `${report.from} – ${report.to}`;
  if (!$("from").value) $("from").value = report.from;
  if (!$("to").value) $("to").value = report.to;
  const languages = [...new Set(report.clusters.map((c) => c.language))].sort();
  const chosen = $("lang").value;
  $("lang").replaceChildren(el("option", { value: "" }, "all"), ...languages.map((l) => el("option", { value: l }, l)));
  $("lang").value = chosen;
  $("summary").textContent = report.unanswered === 0
    ? "Nothing unanswered in this period."
    : `${report.unanswered} unanswered DM${report.unanswered === 1 ? "" : "s"} in ${report.clusters.length} group${report.clusters.length === 1 ? "" : "s"}, largest first.`;
  $("clusters").replaceChildren(...report.clusters.map(cluster));
}

function cluster(c, index) {
  const result = el("div", {});
  const answerSelect = el("select", { "aria-label": "Answer" },
    ...answers.map((a) => el("option", { value: a }, a)));
  if (c.nearestAnswer) answerSelect.value = c.nearestAnswer;
  const idInput = el("input", { placeholder: "new-answer-id", "aria-label": "New answer id" });
  const titleInput = el("input", { placeholder: "Title", "aria-label": "Title" });
  const reply = el("textarea", { rows: "3", cols: "50", "aria-label": "Reply" });
  reply.value = c.agentReplies[0] ?? "";
  titleInput.value = c.examples[0] ?? "";
  const item = el("li", { dataset: { index: String(index) }, class: "gap" },
    el("div", { class: "row" }, el("strong", {}, `${c.size} DM${c.size === 1 ? "" : "s"}`),
      el("span", {}, el("span", { class: "badge" }, c.language), c.nearestAnswer ? el("span", { class: "badge" }, `nearest: ${c.nearestAnswer}`) : null)),
    el("ul", {}, ...c.examples.map((e) => el("li", {}, e))),
    c.examples.length < c.size ? el("p", { class: "muted" }, `${c.size - c.examples.length} more not shown (from X, duplicates, or nothing left once personal data is out).`) : null,
    c.agentReplies.length ? el("p", { class: "muted" }, "Agents answered: ", c.agentReplies.join(" · ")) : null,
    el("div", { class: "gap-form" },
      el("label", {}, "Add as examples to", answerSelect),
      el("button", { type: "button", class: "secondary", onclick: () => preview("/api/gaps/examples", { answerId: answerSelect.value, language: c.language, messageIds: c.messageIds }, result) }, "Show change")),
    el("div", { class: "gap-form" },
      el("label", {}, "or a new answer", idInput), el("label", {}, "title", titleInput), el("label", {}, "reply", reply),
      el("button", { type: "button", class: "secondary", onclick: () => preview("/api/gaps/answers", { id: idInput.value.trim(), category: "general", language: c.language, title: titleInput.value.trim(), reply: reply.value.trim(), messageIds: c.messageIds }, result) }, "Show change")),
    result);
  return item;
}

/// Shows the diff the edit would make; "Write to dialogs/" applies it.
async function preview(path, body, into) {
  into.replaceChildren();
  try {
    const shown = await api(path, { method: "POST", body: { ...body, apply: false } });
    into.replaceChildren(el("pre", { class: "diff" }, shown.diff),
      el("button", { type: "button", onclick: () => apply(path, body, into) }, `Write to ${shown.file}`));
  } catch (e) {
    into.replaceChildren(el("p", { class: "error" }, e.message));
  }
}

async function apply(path, body, into) {
  try {
    const done = await api(path, { method: "POST", body: { ...body, apply: true } });
    into.replaceChildren(el("p", { class: "ok" }, `Written to ${done.file} and live: ${done.examples.length} example${done.examples.length === 1 ? "" : "s"}.`));
  } catch (e) {
    into.replaceChildren(el("p", { class: "error" }, e.message));
  }
}

$("filters").addEventListener("submit", (event) => { event.preventDefault(); load(); });

if (!token.get()) $("sign-in").hidden = false;
else {
  try {
    answers = (await api("/api/answers")).map((a) => a.id).sort();
  } catch { answers = []; }
  await load();
}
