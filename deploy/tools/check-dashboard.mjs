#!/usr/bin/env node
// Checks the Grafana dashboard JSON (deploy/monitoring/grafana/sway-dashboard.json):
//   - structure: uid, title, schemaVersion, unique panel ids, grid positions inside 24 columns
//     and not overlapping, every panel has queries with unique refIds and the ${datasource} variable,
//     every $variable used is defined (or a Grafana built-in);
//   - coverage: the panels query the metrics Sway operates by (RED, ingest outcomes and lag,
//     score distribution, Redis errors);
//   - PromQL: with --emit-rules FILE, writes every query (variables substituted) as a recording
//     rule so that `promtool check rules FILE` parses each expression.
// Usage: node check-dashboard.mjs DASHBOARD.json [--emit-rules FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--emit-rules');
const emitIdx = args.indexOf('--emit-rules');
const emit = emitIdx >= 0 ? args[emitIdx + 1] : null;
if (!file) {
  console.error('usage: check-dashboard.mjs DASHBOARD.json [--emit-rules FILE]');
  process.exit(2);
}

const errors = [];
let dash;
try {
  dash = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`${file}: ${e.message}`);
  process.exit(1);
}

for (const k of ['uid', 'title']) if (typeof dash[k] !== 'string' || !dash[k]) errors.push(`missing ${k}`);
if (typeof dash.schemaVersion !== 'number') errors.push('missing schemaVersion');
if (!Array.isArray(dash.panels) || dash.panels.length === 0) errors.push('no panels');

const variables = new Set((dash.templating?.list ?? []).map((v) => v.name));
for (const v of ['datasource', 'namespace']) if (!variables.has(v)) errors.push(`template variable $${v} is not defined`);
const BUILTINS = new Set(['__rate_interval', '__interval', '__range', '__range_s', '__interval_ms']);

const panels = (dash.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
const ids = new Set();
const rects = [];
const exprs = [];
for (const p of panels) {
  const where = `panel ${p.id} "${p.title}"`;
  if (typeof p.id !== 'number') errors.push(`${where}: no numeric id`);
  else if (ids.has(p.id)) errors.push(`${where}: duplicate id`);
  ids.add(p.id);
  const g = p.gridPos;
  if (!g || ![g.h, g.w, g.x, g.y].every(Number.isInteger)) { errors.push(`${where}: bad gridPos`); continue; }
  if (g.x < 0 || g.w < 1 || g.x + g.w > 24) errors.push(`${where}: gridPos outside the 24 columns`);
  for (const r of rects) {
    if (g.x < r.x + r.w && r.x < g.x + g.w && g.y < r.y + r.h && r.y < g.y + g.h) {
      errors.push(`${where}: overlaps panel ${r.id}`);
    }
  }
  rects.push({ ...g, id: p.id });
  if (p.type === 'row') continue;
  if (!p.title) errors.push(`panel ${p.id}: no title`);
  if (p.datasource?.uid !== '${datasource}') errors.push(`${where}: datasource is not \${datasource}`);
  const targets = p.targets ?? [];
  if (targets.length === 0) errors.push(`${where}: no queries`);
  const refIds = new Set();
  for (const t of targets) {
    if (refIds.has(t.refId)) errors.push(`${where}: duplicate refId ${t.refId}`);
    refIds.add(t.refId);
    if (typeof t.expr !== 'string' || !t.expr.trim()) { errors.push(`${where}: query ${t.refId} has no expr`); continue; }
    for (const m of t.expr.matchAll(/\$\{?(\w+)\}?/g)) {
      if (!variables.has(m[1]) && !BUILTINS.has(m[1])) errors.push(`${where}: query ${t.refId} uses undefined $${m[1]}`);
    }
    exprs.push({ panel: p.id, refId: t.refId, expr: t.expr });
  }
}

const REQUIRED = ['grpc_server_processing_duration_seconds_count', 'grpc_server_processing_duration_seconds_bucket',
  'sway_ingest_events_total', 'sway_ingest_to_score_seconds_bucket', 'sway_scoring_score_bucket',
  'sway_redis_errors_total'];
for (const metric of REQUIRED) {
  if (!exprs.some((e) => e.expr.includes(metric))) errors.push(`no panel queries ${metric}`);
}

if (errors.length) {
  for (const e of errors) console.error(`${file}: ${e}`);
  process.exit(1);
}

if (emit) {
  const substitute = (expr) => expr
    .replace(/\$\{?__rate_interval\}?/g, '5m').replace(/\$\{?__interval\}?/g, '1m')
    .replace(/\$\{?__range\}?/g, '1h').replace(/\$\{?(\w+)\}?/g, 'sway');
  const rules = exprs.map((e) => ({ record: `dashboard:panel_${e.panel}_${e.refId}`, expr: substitute(e.expr) }));
  writeFileSync(emit, YAML.stringify({ groups: [{ name: 'dashboard-queries', rules }] }, { lineWidth: 0 }));
}
console.log(`${file}: ${panels.length} panels, ${exprs.length} queries, structure ok`
  + (emit ? `; queries written to ${emit} for promtool` : ''));
