// The metrics page: /api/stats for the last 14 days, drawn as plain SVG (no chart library, nothing from a CDN).
import { api, el, token } from "/console/api.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/// Grouped bars: labels along the bottom, one or more series, a value printed above each bar.
function bars(target, labels, series, { max, format = (v) => v } = {}) {
  const chart = $(target);
  const width = chart.clientWidth || 560, height = 180, bottom = 28, top = 16;
  const top_ = max ?? Math.max(1, ...series.flatMap((s) => s.values.filter((v) => v !== null)));
  const group = (width - 20) / Math.max(1, labels.length);
  const bar = Math.max(4, Math.min(28, (group - 6) / series.length));
  chart.replaceChildren(svg("line", { x1: 10, x2: width - 10, y1: height - bottom, y2: height - bottom, stroke: "#e2e5ea" }));
  labels.forEach((label, i) => {
    const x0 = 10 + i * group + (group - bar * series.length) / 2;
    series.forEach((s, j) => {
      const v = s.values[i];
      if (v === null || v === undefined) return;
      const h = (height - bottom - top) * (v / top_);
      const x = x0 + j * bar;
      chart.append(svg("rect", { x, y: height - bottom - h, width: bar - 2, height: Math.max(h, 1), fill: s.color, rx: 2 }));
      chart.append(svg("text", { x: x + bar / 2 - 1, y: height - bottom - h - 3, "text-anchor": "middle" }, format(v)));
    });
    chart.append(svg("text", { x: 10 + i * group + group / 2, y: height - 10, "text-anchor": "middle" }, label));
  });
}

const pct = (v) => `${Math.round(v * 100)}%`;
// Minutes as the service gives them (to 0.01 min): under a minute in whole seconds, decided on the rounded figure, so
// 0.995 min reads "1.0 min", never "60 s".
const seconds = (v) => Math.round(v * 60);
const min = (v) => (v === null || v === undefined ? "–" : seconds(v) < 60 ? `${seconds(v)} s` : `${v.toFixed(1)} min`);

async function load() {
  // The service counts the days in the brand's time zone; the browser's own date may be another day.
  const stats = await api("/api/stats?days=14");
  $("period").textContent = `${stats.from} – ${stats.to} (${stats.timeZone})`;
  $("verdict").textContent = stats.veryResponsive ? "✔ Very responsive" : "✘ Not very responsive";
  $("verdict").className = `verdict ${stats.veryResponsive ? "pass" : "fail"}`;
  $("verdict-why").textContent = `${stats.veryResponsiveWhy}. ${stats.conversations} conversations.`;
  $("kpi-rate").textContent = pct(stats.responseRate);
  $("kpi-bot").textContent = min(stats.medianBotMinutes);
  $("kpi-human").textContent = min(stats.medianHumanMinutes);
  $("kpi-self").textContent = pct(stats.selfServiceRate);
  $("kpi-csat").textContent = stats.csat === null ? "–" : `${stats.csat.toFixed(1)} / 5 (${stats.csatAnswers})`;
  $("kpi-breaches").textContent = String(stats.breaches);
  const labels = stats.days.map((d) => d.date.slice(8));   // day of the month; the period is in the header
  bars("chart-rate", labels, [{ values: stats.days.map((d) => (d.conversations ? d.responseRate : null)), color: "#2f5bea" }], { max: 1, format: pct });
  bars("chart-first", labels, [
    { values: stats.days.map((d) => d.medianBotMinutes), color: "#2f5bea" },
    { values: stats.days.map((d) => d.medianHumanMinutes), color: "#14804a" },
  ], { format: (v) => (seconds(v) < 60 ? `${seconds(v)}s` : `${Math.round(v)}`) });
  bars("chart-breaches", labels, [{ values: stats.days.map((d) => d.breaches), color: "#c4221f" }]);
  const categories = Object.entries(stats.handOffsByCategory);
  bars("chart-categories", categories.map(([c]) => c), [{ values: categories.map(([, n]) => n), color: "#e07b00" }]);
  $("kpi-conversion").textContent = pct(stats.conversionRate);
  $("kpi-private").textContent = stats.privateComplaintShare === null ? "–" : pct(stats.privateComplaintShare);
  const revenue = Object.entries(stats.revenue).map(([c, v]) => `${v.toFixed(2)} ${c}`).join(", ");
  $("sales").textContent = `${stats.conversions} conversation${stats.conversions === 1 ? "" : "s"} led to a sale${revenue ? ` (${revenue})` : ""}` +
    (stats.medianMinutesToSale === null ? "." : `; median ${min(stats.medianMinutesToSale)} from the first DM to the sale.`);
  $("complaints").textContent = `Complaints: ${stats.complaintsPrivate} in DMs, ${stats.complaintsMovedToDm} moved from public to DM, ${stats.complaintsPublic} stayed public.`;
  bars("chart-complaints", labels, [
    { values: stats.days.map((d) => d.complaintsPrivate), color: "#2f5bea" },
    { values: stats.days.map((d) => d.complaintsPublic), color: "#c4221f" },
    { values: stats.days.map((d) => d.complaintsMovedToDm), color: "#14804a" },
  ]);
  bars("chart-self", labels, [{ values: stats.days.map((d) => (d.conversations ? d.selfServed / d.conversations : null)), color: "#14804a" }], { max: 1, format: pct });
  const gaps = await api(`/api/gaps?from=${stats.from}&to=${stats.to}`);
  $("top-gaps").replaceChildren(...(gaps.clusters.length === 0 ? [el("li", {}, "Nothing unanswered in this period.")]
    : gaps.clusters.slice(0, 5).map((c) => el("li", {}, `${c.size} × `, el("q", {}, c.examples[0] ?? "(from X only)"), ` (${c.language}${c.nearestAnswer ? `, nearest ${c.nearestAnswer}` : ""})`))));
  document.body.dataset.loaded = String(Date.now());
}

if (!token.get()) $("sign-in").hidden = false;
else {
  $("metrics").hidden = false;
  load().catch((e) => { $("verdict").textContent = `Could not load the metrics: ${e.message}`; });
  setInterval(() => load().catch(() => {}), 5000);
}
