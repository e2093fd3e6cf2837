#!/usr/bin/env node
// Offline validation of rendered Kubernetes manifests (multi-document YAML, e.g. the output of
// `kubectl kustomize deploy/overlays/prod`), without an API server:
//
// 1. Schema: every object is validated against the Kubernetes OpenAPI schema compiled into the
//    npm package `kubernetes-models` (4.x; wrong types, missing required fields, bad enums), and
//    the Prometheus Operator kinds (ServiceMonitor, PrometheusRule, ...) against the schemas of
//    their CRDs from `@kubernetes-models/prometheus-operator`. A kind with no schema is an error.
// 2. Unknown fields: like the API server's strict field validation (`kubectl apply
//    --validate=strict`), a field the schema does not declare (a typo such as `readinesProbe`)
//    is an error. The schemas are compiled validators, so the fields they declare are learnt by
//    watching which properties the validator reads; objects it reads none of (free-form, e.g.
//    labels) or enumerates (maps) are not checked.
// 3. Cross-object checks that no schema expresses: references (ConfigMaps, Secrets,
//    ServiceAccounts, HPA targets, Service/PDB/NetworkPolicy/ServiceMonitor selectors, named
//    ports, Ingress backends) resolve, $(VAR) references in env, command and args name a
//    variable defined before them, Sway's ports and drain time agree with the pods, the pods (of
//    Deployments, StatefulSets and Jobs) are hardened.
//
// Usage: node validate.mjs [--external-secret NAME]... [--no-cross] [--self-test] FILE... ("-" = stdin)
//   --external-secret NAME  a Secret that is created out of band (not in the manifests)
//   --no-cross              skip the cross-object checks (for a partial set such as deploy/monitoring)
//   --self-test             also break the input in known ways and require each break to be caught
// Exit status: 0 valid, 1 invalid, 2 usage error.
import { readFileSync } from 'node:fs';
import * as k8s from 'kubernetes-models';
import * as promOperator from '@kubernetes-models/prometheus-operator';
import YAML from 'yaml';

// ------------------------------------------------------------------ models by apiVersion + kind
const models = new Map();
(function collect(ns, depth) {
  for (const v of Object.values(ns)) {
    if (typeof v === 'function' && typeof v.apiVersion === 'string' && typeof v.kind === 'string') {
      models.set(`${v.apiVersion} ${v.kind}`, v);
    } else if (v && typeof v === 'object' && depth < 4) {
      collect(v, depth + 1);
    }
  }
})({ k8s, promOperator }, 0);

// ------------------------------------------------------------------ schema + unknown fields
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Runs the model's compiled validator on a proxy of doc that records what it reads. */
function schemaErrors(doc, path) {
  const Model = models.get(`${doc.apiVersion} ${doc.kind}`);
  if (!Model) return [`${path}: no schema known for apiVersion "${doc.apiVersion}" kind "${doc.kind}"`];
  const reads = new WeakMap(); // object -> { keys: Set, enumerated: boolean }
  const proxies = new WeakMap();
  const wrap = (target) => {
    if (target === null || typeof target !== 'object') return target;
    let p = proxies.get(target);
    if (p) return p;
    const info = { keys: new Set(), enumerated: false };
    reads.set(target, info);
    p = new Proxy(target, {
      get(t, key, receiver) {
        if (typeof key === 'string') info.keys.add(key);
        return wrap(Reflect.get(t, key, receiver));
      },
      has(t, key) {
        if (typeof key === 'string') info.keys.add(key);
        return Reflect.has(t, key);
      },
      ownKeys(t) {
        info.enumerated = true;
        return Reflect.ownKeys(t);
      },
      getOwnPropertyDescriptor(t, key) {
        if (typeof key === 'string') info.keys.add(key);
        return Reflect.getOwnPropertyDescriptor(t, key);
      },
    });
    proxies.set(target, p);
    return p;
  };
  try {
    Model.prototype.validate.call(wrap(doc));
  } catch (e) {
    return [`${path}: ${e.message}`];
  }
  const errors = [];
  (function walk(node, at) {
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, `${at}[${i}]`));
      return;
    }
    if (!isPlainObject(node)) return;
    const info = reads.get(node);
    if (!info || info.enumerated || info.keys.size === 0) return; // free-form or a map
    for (const k of Object.keys(node)) {
      if (!info.keys.has(k)) errors.push(`${path}: unknown field "${at ? `${at}.` : ''}${k}"`);
      else walk(node[k], at ? `${at}.${k}` : k);
    }
  })(doc, '');
  return errors;
}

// ------------------------------------------------------------------ per-object basics
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function basicErrors(doc, path) {
  const errors = [];
  const name = doc.metadata?.name;
  if (typeof name !== 'string' || !name) return [`${path}: metadata.name is missing`];
  const labelNamed = ['Service', 'Namespace'].includes(doc.kind);
  if (labelNamed ? !(DNS1123_LABEL.test(name) && name.length <= 63)
      : !(DNS1123_SUBDOMAIN.test(name) && name.length <= 253)) {
    errors.push(`${path}: metadata.name "${name}" is not a valid ${labelNamed ? 'DNS-1123 label' : 'DNS-1123 subdomain'}`);
  }
  const labelSets = [['metadata.labels', doc.metadata?.labels],
    ['spec.template.metadata.labels', doc.spec?.template?.metadata?.labels]];
  for (const [where, labels] of labelSets) {
    for (const [k, v] of Object.entries(labels ?? {})) {
      if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
        errors.push(`${path}: ${where}.${k} has an invalid label value ${JSON.stringify(v)}`);
      }
    }
  }
  return errors;
}

// ------------------------------------------------------------------ cross-object checks
function selectorMatches(selector, labels = {}) {
  if (!selector) return false;
  const ml = selector.matchLabels ?? {};
  const me = selector.matchExpressions ?? [];
  if (Object.keys(ml).length === 0 && me.length === 0) return true;
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  for (const { key, operator, values = [] } of me) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    if (operator === 'In' && !(has && values.includes(labels[key]))) return false;
    if (operator === 'NotIn' && has && values.includes(labels[key])) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const quantityMs = (s) => Number(s);

/** The NAMEs of the $(NAME) references in a string ($$(NAME) is an escaped, literal $(NAME)). */
function varReferences(text) {
  if (typeof text !== 'string') return [];
  return [...text.matchAll(/(\$+)\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g)]
    .filter((m) => m[1].length % 2 === 1)
    .map((m) => m[2]);
}

function crossErrors(docs, externalSecrets) {
  const errors = [];
  const err = (d, msg) => errors.push(`${d.kind}/${d.metadata?.name}: ${msg}`);
  const byKind = (kind) => docs.filter((d) => d.kind === kind);
  const find = (kind, name) => docs.find((d) => d.kind === kind && d.metadata?.name === name);
  // Everything with a pod template. A Job's pods run to completion: no probes, and its selector is
  // generated by the API server.
  const workloads = docs.filter((d) => ['Deployment', 'StatefulSet', 'Job'].includes(d.kind));
  const podLabels = (w) => w.spec?.template?.metadata?.labels ?? {};

  const namespaces = new Set(docs.map((d) => d.metadata?.namespace).filter(Boolean));
  if (namespaces.size > 1) errors.push(`objects are spread over namespaces ${[...namespaces].join(', ')}`);

  const configMapData = (name) => find('ConfigMap', name)?.data;
  const secretKeys = (name) => {
    const s = find('Secret', name);
    return s ? new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]) : null;
  };

  for (const w of workloads) {
    const pod = w.spec?.template?.spec ?? {};
    if (w.kind !== 'Job' && !selectorMatches(w.spec?.selector, podLabels(w))) err(w, 'spec.selector does not match the pod template labels');
    const sa = pod.serviceAccountName;
    if (!sa) err(w, 'no serviceAccountName');
    else if (!find('ServiceAccount', sa)) err(w, `ServiceAccount "${sa}" is not defined`);
    else if (find('ServiceAccount', sa).automountServiceAccountToken !== false) err(w, `ServiceAccount "${sa}" mounts its token`);
    if (pod.automountServiceAccountToken !== false) err(w, 'pod does not set automountServiceAccountToken: false');
    const psc = pod.securityContext ?? {};
    const volumeNames = new Set([...(pod.volumes ?? []).map((v) => v.name),
      ...(w.spec?.volumeClaimTemplates ?? []).map((v) => v.metadata?.name)]);

    for (const c of pod.containers ?? []) {
      const where = `container "${c.name}"`;
      // Resources and probes.
      const r = c.resources ?? {};
      for (const k of ['cpu', 'memory']) if (r.requests?.[k] === undefined) err(w, `${where} has no ${k} request`);
      if (r.limits?.memory === undefined) err(w, `${where} has no memory limit`);
      if (w.kind !== 'Job' && !c.livenessProbe) err(w, `${where} has no livenessProbe`);
      if (w.kind !== 'Job' && !c.readinessProbe) err(w, `${where} has no readinessProbe`);
      // Hardening (pod-level settings count where the container does not override them).
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) err(w, `${where}: allowPrivilegeEscalation must be false`);
      if (sc.readOnlyRootFilesystem !== true) err(w, `${where}: readOnlyRootFilesystem must be true`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) err(w, `${where}: capabilities must drop ALL`);
      if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) err(w, `${where}: runAsNonRoot must be true`);
      if ((sc.seccompProfile ?? psc.seccompProfile)?.type !== 'RuntimeDefault') err(w, `${where}: seccompProfile must be RuntimeDefault`);
      if (sc.privileged === true) err(w, `${where} is privileged`);
      for (const m of c.volumeMounts ?? []) {
        if (!volumeNames.has(m.name)) err(w, `${where} mounts undefined volume "${m.name}"`);
      }
      // Named ports used by probes.
      const ports = c.ports ?? [];
      const portByName = new Map(ports.map((p) => [p.name, p.containerPort]));
      for (const probeName of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        const probe = c[probeName];
        for (const handler of [probe?.tcpSocket, probe?.httpGet]) {
          if (handler && typeof handler.port === 'string' && !portByName.has(handler.port)) {
            err(w, `${where} ${probeName} uses undefined port "${handler.port}"`);
          }
        }
      }
      // Environment: references resolve; collect the effective values.
      const env = {};
      // Names defined so far, for $(VAR) references; null once an envFrom brings names we cannot
      // know (a Secret created out of band).
      let defined = new Set();
      for (const src of c.envFrom ?? []) {
        if (src.configMapRef) {
          const data = configMapData(src.configMapRef.name);
          if (!data) { if (!src.configMapRef.optional) err(w, `${where} envFrom ConfigMap "${src.configMapRef.name}" is not defined`); } else Object.assign(env, data);
          for (const k of Object.keys(data ?? {})) defined?.add(`${src.prefix ?? ''}${k}`);
        }
        if (src.secretRef) {
          const keys = secretKeys(src.secretRef.name);
          if (keys) for (const k of keys) defined?.add(`${src.prefix ?? ''}${k}`);
          else defined = null;
        }
        if (src.secretRef && !secretKeys(src.secretRef.name) && !externalSecrets.has(src.secretRef.name)
            && !src.secretRef.optional) {
          err(w, `${where} envFrom Secret "${src.secretRef.name}" is not defined (nor declared external)`);
        }
      }
      for (const e of c.env ?? []) {
        // Kubernetes expands $(NAME) only to a variable defined earlier in the list (or by
        // envFrom); otherwise the text stays as it is, e.g. a password placeholder in a URI.
        for (const name of varReferences(e.value)) {
          if (defined && !defined.has(name)) err(w, `${where} env ${e.name} refers to $(${name}), which is not defined before it`);
        }
        defined?.add(e.name);
        if (e.value !== undefined) env[e.name] = e.value;
        const cm = e.valueFrom?.configMapKeyRef;
        if (cm) {
          const data = configMapData(cm.name);
          if (!data) err(w, `${where} env ${e.name}: ConfigMap "${cm.name}" is not defined`);
          else if (!(cm.key in data)) err(w, `${where} env ${e.name}: ConfigMap "${cm.name}" has no key "${cm.key}"`);
          else env[e.name] = data[cm.key];
        }
        const sk = e.valueFrom?.secretKeyRef;
        if (sk) {
          const keys = secretKeys(sk.name);
          if (keys === null && !externalSecrets.has(sk.name)) err(w, `${where} env ${e.name}: Secret "${sk.name}" is not defined (nor declared external)`);
          else if (keys !== null && !keys.has(sk.key)) err(w, `${where} env ${e.name}: Secret "${sk.name}" has no key "${sk.key}"`);
          else env[e.name] = `<secret ${sk.name}/${sk.key}>`;
        }
      }
      for (const arg of [...(c.command ?? []), ...(c.args ?? [])]) {
        for (const name of varReferences(arg)) {
          if (defined && !defined.has(name)) err(w, `${where} command/args refer to $(${name}), which is not an environment variable of the container`);
        }
      }
      // Collectors (an ingest client, not a server): a stop sends the batch in hand, which takes
      // up to one ingest deadline, so the grace period must be longer; the probes use the metrics port.
      if (env.SWAY_INGEST_TARGET !== undefined && env.SWAY_GRPC_PORT === undefined) {
        const deadlineMs = env.SWAY_INGEST_DEADLINE_MS !== undefined ? quantityMs(env.SWAY_INGEST_DEADLINE_MS) : 10000;
        const graceMs = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
        if (!(graceMs > deadlineMs)) {
          err(w, `${where}: terminationGracePeriodSeconds (${graceMs / 1000}s) must exceed SWAY_INGEST_DEADLINE_MS (${deadlineMs / 1000}s): a stop sends the last batch`);
        }
        if (env.SWAY_METRICS_PORT !== undefined && portByName.get('metrics') !== Number(env.SWAY_METRICS_PORT)) {
          err(w, `${where}: port "metrics" is ${portByName.get('metrics')} but SWAY_METRICS_PORT is ${env.SWAY_METRICS_PORT}`);
        }
      }
      // Sway services: ports, probes, drain time, JVM options agree with the pod.
      if (env.SWAY_GRPC_PORT !== undefined) {
        const grpcPort = Number(env.SWAY_GRPC_PORT);
        if (portByName.get('grpc') !== grpcPort) err(w, `${where}: port "grpc" is ${portByName.get('grpc')} but SWAY_GRPC_PORT is ${grpcPort}`);
        if (env.SWAY_HEALTH_PORT !== undefined && portByName.get('health') !== Number(env.SWAY_HEALTH_PORT)) {
          err(w, `${where}: port "health" is ${portByName.get('health')} but SWAY_HEALTH_PORT is ${env.SWAY_HEALTH_PORT}`);
        }
        for (const probeName of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          const p = c[probeName];
          if (p && !p.grpc) err(w, `${where}: ${probeName} should be a native grpc probe`);
          // With SWAY_HEALTH_PORT (TLS on the API port), probes check the plaintext health port.
          const probePort = env.SWAY_HEALTH_PORT !== undefined ? Number(env.SWAY_HEALTH_PORT) : grpcPort;
          const probeSource = env.SWAY_HEALTH_PORT !== undefined ? 'SWAY_HEALTH_PORT' : 'SWAY_GRPC_PORT';
          if (p?.grpc && p.grpc.port !== probePort) err(w, `${where}: ${probeName} probes port ${p.grpc.port}, ${probeSource} is ${probePort}`);
        }
        if (env.SWAY_METRICS_PORT !== undefined && portByName.get('metrics') !== Number(env.SWAY_METRICS_PORT)) {
          err(w, `${where}: port "metrics" is ${portByName.get('metrics')} but SWAY_METRICS_PORT is ${env.SWAY_METRICS_PORT}`);
        }
        // query's HTTP/JSON port (a negative value turns it off: then no "http" port is needed).
        if (env.SWAY_HTTP_PORT !== undefined && Number(env.SWAY_HTTP_PORT) >= 0
            && portByName.get('http') !== Number(env.SWAY_HTTP_PORT)) {
          err(w, `${where}: port "http" is ${portByName.get('http')} but SWAY_HTTP_PORT is ${env.SWAY_HTTP_PORT}`);
        }
        const drainMs = env.SWAY_DRAIN_MS !== undefined ? quantityMs(env.SWAY_DRAIN_MS) : 10000;
        const cmd = c.lifecycle?.preStop?.exec?.command ?? [];
        const preStopMs = cmd[0] === 'sleep' ? Number(cmd[1]) * 1000 : (c.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
        const graceMs = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
        if (!(graceMs > drainMs + preStopMs)) {
          err(w, `terminationGracePeriodSeconds (${graceMs / 1000}s) must exceed preStop (${preStopMs / 1000}s) + SWAY_DRAIN_MS (${drainMs / 1000}s)`);
        }
        const jto = env.JAVA_TOOL_OPTIONS ?? '';
        if (!/-XX:MaxRAMPercentage=/.test(jto) || !/-XX:\+ExitOnOutOfMemoryError/.test(jto)) {
          err(w, `${where}: JAVA_TOOL_OPTIONS must set -XX:MaxRAMPercentage and -XX:+ExitOnOutOfMemoryError`);
        }
        if (sc.readOnlyRootFilesystem && !(c.volumeMounts ?? []).some((m) => m.mountPath === '/tmp')) {
          err(w, `${where}: read-only root filesystem but nothing mounted at /tmp (the JVM needs it)`);
        }
        const target = env.SWAY_SCORING_TARGET;
        const m = /^dns:\/\/\/([a-z0-9-]+)(?:\.[a-z0-9.-]+)?:(\d+)$/.exec(target ?? '');
        if (target !== undefined && !m) err(w, `${where}: SWAY_SCORING_TARGET "${target}" is not dns:///NAME:PORT`);
        if (m) {
          const svc = find('Service', m[1]);
          if (!svc) err(w, `${where}: SWAY_SCORING_TARGET names Service "${m[1]}", which is not defined`);
          else {
            if (svc.spec?.clusterIP !== 'None') err(w, `${where}: Service "${m[1]}" must be headless for client-side round_robin`);
            if (!(svc.spec?.ports ?? []).some((p) => p.port === Number(m[2]))) err(w, `${where}: Service "${m[1]}" has no port ${m[2]}`);
          }
        }
      }
    }
  }

  // Services: selector matches pods; target ports exist on them.
  for (const s of byKind('Service')) {
    const sel = s.spec?.selector;
    if (!sel) continue;
    const matched = workloads.filter((w) => selectorMatches({ matchLabels: sel }, podLabels(w)));
    if (matched.length === 0) { err(s, 'selector matches no Deployment/StatefulSet pods'); continue; }
    for (const p of s.spec.ports ?? []) {
      const tp = p.targetPort ?? p.port;
      const ok = matched.every((w) => (w.spec.template.spec.containers ?? []).some((c) => (c.ports ?? []).some(
        (cp) => (typeof tp === 'string' ? cp.name === tp : cp.containerPort === tp))));
      if (!ok) err(s, `port "${p.name}": targetPort ${JSON.stringify(tp)} is not a container port of the selected pods`);
    }
  }
  // Ingress backends name a Service of the manifests and one of its ports.
  for (const ing of byKind('Ingress')) {
    const backends = [ing.spec?.defaultBackend,
      ...(ing.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))];
    for (const b of backends) {
      if (!b?.service) continue;
      const svc = find('Service', b.service.name);
      if (!svc) { err(ing, `backend Service "${b.service.name}" is not defined`); continue; }
      const { name, number } = b.service.port ?? {};
      if (!(svc.spec?.ports ?? []).some((p) => (name !== undefined ? p.name === name : p.port === number))) {
        err(ing, `backend Service "${b.service.name}" has no port ${name !== undefined ? `named "${name}"` : number}`);
      }
    }
  }
  // Autoscalers target something that exists and has CPU requests.
  for (const h of byKind('HorizontalPodAutoscaler')) {
    const ref = h.spec?.scaleTargetRef ?? {};
    const t = find(ref.kind, ref.name);
    if (!t) { err(h, `scaleTargetRef ${ref.kind}/${ref.name} is not defined`); continue; }
    if (t.spec?.replicas !== undefined) err(h, `${ref.kind}/${ref.name} sets spec.replicas, which fights the autoscaler on every apply`);
    if (!(t.spec?.template?.spec?.containers ?? []).every((c) => c.resources?.requests?.cpu)) {
      err(h, `${ref.kind}/${ref.name} has containers without a CPU request (needed for Utilization)`);
    }
  }
  // Disruption budgets and network policies select existing pods.
  for (const p of byKind('PodDisruptionBudget')) {
    if (!workloads.some((w) => selectorMatches(p.spec?.selector, podLabels(w)))) err(p, 'selector matches no pods');
  }
  for (const np of byKind('NetworkPolicy')) {
    if (!workloads.some((w) => selectorMatches(np.spec?.podSelector, podLabels(w)))) err(np, 'podSelector matches no pods');
    for (const rule of [...(np.spec?.ingress ?? []).map((r) => r.from), ...(np.spec?.egress ?? []).map((r) => r.to)]) {
      for (const peer of rule ?? []) {
        if (peer.podSelector && !peer.namespaceSelector
            && !workloads.some((w) => selectorMatches(peer.podSelector, podLabels(w)))) {
          err(np, `peer podSelector ${JSON.stringify(peer.podSelector)} matches no pods in this namespace`);
        }
      }
    }
  }
  // ServiceMonitors select Services that have the endpoint's named port.
  for (const sm of byKind('ServiceMonitor')) {
    const services = byKind('Service').filter((s) => selectorMatches(sm.spec?.selector, s.metadata?.labels));
    if (services.length === 0) { err(sm, 'selector matches no Service'); continue; }
    for (const ep of sm.spec?.endpoints ?? []) {
      for (const s of services) {
        if (ep.port && !(s.spec?.ports ?? []).some((p) => p.name === ep.port)) {
          err(sm, `Service "${s.metadata.name}" has no port named "${ep.port}"`);
        }
      }
    }
  }
  return errors;
}

// ------------------------------------------------------------------ driver
/**
 * The object as the API server decodes it, where that differs from the schema's letter: kustomize
 * wraps long base64 Secret data over several lines, and Go's base64 decoder (which the API server
 * uses for []byte fields) ignores \r and \n, so strip them before the "byte" format check.
 */
function apiServerView(d) {
  if (d.kind !== 'Secret' || !isPlainObject(d.data)) return d;
  const data = Object.fromEntries(Object.entries(d.data).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\r\n]/g, '') : v]));
  return { ...d, data };
}

function validateAll(docs, externalSecrets, cross = true) {
  const errors = [];
  docs.forEach((d, i) => {
    const path = `document ${i + 1} (${d?.kind ?? '?'}/${d?.metadata?.name ?? '?'})`;
    if (!isPlainObject(d) || typeof d.apiVersion !== 'string' || typeof d.kind !== 'string') {
      errors.push(`${path}: not a Kubernetes object (apiVersion and kind are required)`);
      return;
    }
    errors.push(...basicErrors(d, path), ...schemaErrors(apiServerView(d), path));
  });
  if (errors.length === 0 && cross) errors.push(...crossErrors(docs, externalSecrets));
  return errors;
}

/**
 * Known ways to break manifests; each must be reported with the given message fragment. Those
 * named "cross: ..." need the cross-object checks. A break whose target is absent is skipped.
 */
const MUTATIONS = [
  ['Deployment spec.replicas of the wrong type', 'must be integer', (docs) => {
    const d = docs.find((x) => x.kind === 'Deployment'); if (!d) return false; d.spec.replicas = 'two'; return true; }],
  ['container without its required name', 'must have required property name', (docs) => {
    const d = docs.find((x) => x.kind === 'Deployment'); if (!d) return false;
    delete d.spec.template.spec.containers[0].name; return true; }],
  ['misspelt field readinesProbe', 'unknown field "spec.template.spec.containers[0].readinesProbe"', (docs) => {
    const c = docs.find((x) => x.kind === 'Deployment')?.spec.template.spec.containers[0];
    if (!c?.readinessProbe) return false; c.readinesProbe = c.readinessProbe; delete c.readinessProbe; return true; }],
  ['Service without its required ports[].port', 'must have required property port', (docs) => {
    const s = docs.find((x) => x.kind === 'Service'); if (!s) return false; delete s.spec.ports[0].port; return true; }],
  ['NetworkPolicy port as a float', 'must', (docs) => {
    const np = docs.find((x) => x.kind === 'NetworkPolicy' && x.spec.ingress?.[0]?.ports);
    if (!np) return false; np.spec.ingress[0].ports[0].port = 1.5; return true; }],
  ['unknown kind', 'no schema known', (docs) => { docs.push({ apiVersion: 'apps/v1', kind: 'Deplyment', metadata: { name: 'x' } }); return true; }],
  ['PrometheusRule "for" of the wrong type', 'must be string', (docs) => {
    const r = docs.find((x) => x.kind === 'PrometheusRule'); if (!r) return false; r.spec.groups[0].rules[0].for = 5; return true; }],
  ['ServiceMonitor with a misspelt field', 'unknown field "spec.endpoints[0].honourLabels"', (docs) => {
    const m = docs.find((x) => x.kind === 'ServiceMonitor'); if (!m) return false; m.spec.endpoints[0].honourLabels = true; return true; }],
  ['cross: Service targetPort naming no container port', 'is not a container port', (docs) => {
    const s = docs.find((x) => x.kind === 'Service' && x.spec.ports?.some((p) => p.name === 'grpc'));
    if (!s) return false; s.spec.ports.find((p) => p.name === 'grpc').targetPort = 'grcp'; return true; }],
  ['cross: SWAY_GRPC_PORT disagreeing with the pod', 'SWAY_GRPC_PORT is', (docs) => {
    const cm = docs.find((x) => x.kind === 'ConfigMap' && x.data?.SWAY_GRPC_PORT);
    if (!cm) return false; cm.data.SWAY_GRPC_PORT = '50059'; return true; }],
  ['cross: SWAY_HTTP_PORT disagreeing with the pod', 'SWAY_HTTP_PORT is', (docs) => {
    const cm = docs.find((x) => x.kind === 'ConfigMap' && x.data?.SWAY_HTTP_PORT);
    if (!cm) return false; cm.data.SWAY_HTTP_PORT = '8059'; return true; }],
  ['cross: Ingress backend naming no port of its Service', 'has no port named "htp"', (docs) => {
    const b = docs.find((x) => x.kind === 'Ingress')?.spec.rules?.[0]?.http?.paths?.[0]?.backend;
    if (!b?.service?.port) return false; b.service.port = { name: 'htp' }; return true; }],
  ['cross: grace period shorter than the drain', 'terminationGracePeriodSeconds', (docs) => {
    const d = docs.find((x) => x.kind === 'Deployment'); if (!d) return false;
    d.spec.template.spec.terminationGracePeriodSeconds = 10; return true; }],
  ['cross: undefined Secret reference', 'is not defined', (docs) => {
    const e = docs.flatMap((x) => (x.kind === 'Deployment' ? x.spec.template.spec.containers : []))
      .flatMap((c) => c.env ?? []).find((v) => v.valueFrom?.secretKeyRef);
    if (!e) return false; e.valueFrom.secretKeyRef.name = 'no-such-secret'; return true; }],
  ['cross: container without readOnlyRootFilesystem', 'readOnlyRootFilesystem must be true', (docs) => {
    const c = docs.find((x) => x.kind === 'Deployment')?.spec.template.spec.containers[0];
    if (!c) return false; c.securityContext.readOnlyRootFilesystem = false; return true; }],
  ['cross: HPA targeting a missing Deployment', 'is not defined', (docs) => {
    const h = docs.find((x) => x.kind === 'HorizontalPodAutoscaler'); if (!h) return false;
    h.spec.scaleTargetRef.name = 'nope'; return true; }],
  ['cross: ServiceMonitor port name that no Service has', 'has no port named', (docs) => {
    const m = docs.find((x) => x.kind === 'ServiceMonitor'); if (!m) return false; m.spec.endpoints[0].port = 'metric'; return true; }],
  ['cross: env $(VAR) reference to a variable defined after it', 'which is not defined before it', (docs) => {
    for (const c of docs.filter((x) => x.kind === 'Deployment').flatMap((x) => x.spec.template.spec.containers)) {
      const env = c.env ?? [];
      const i = env.findIndex((e) => varReferences(e.value).length > 0);
      if (i < 0) continue;
      const j = env.findIndex((e) => e.name === varReferences(env[i].value)[0]);
      if (j < 0 || j > i) continue;
      env.push(...env.splice(j, 1));
      return true;
    }
    return false; }],
];

function selfTest(docs, externalSecrets, cross) {
  const failures = [];
  let ran = 0;
  for (const [what, expected, mutate] of MUTATIONS) {
    if (!cross && what.startsWith('cross: ')) continue;
    const copy = structuredClone(docs);
    if (!mutate(copy)) continue;
    ran++;
    const errors = validateAll(copy, externalSecrets, cross);
    if (!errors.some((e) => e.includes(expected))) {
      failures.push(`self-test "${what}": expected an error containing ${JSON.stringify(expected)}, got ${errors.length ? errors.join(' | ') : 'none'}`);
    }
  }
  return { ran, failures };
}

function main(argv) {
  const files = [];
  const externalSecrets = new Set();
  let runSelfTest = false;
  let cross = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--external-secret') externalSecrets.add(argv[++i]);
    else if (argv[i] === '--self-test') runSelfTest = true;
    else if (argv[i] === '--no-cross') cross = false;
    else if (argv[i].startsWith('--')) { console.error(`unknown option ${argv[i]}`); return 2; }
    else files.push(argv[i]);
  }
  if (files.length === 0) { console.error('usage: validate.mjs [--external-secret NAME]... [--no-cross] [--self-test] FILE... (- = stdin)'); return 2; }
  let bad = false;
  for (const file of files) {
    const text = readFileSync(file === '-' ? 0 : file, 'utf8');
    const parsed = YAML.parseAllDocuments(text);
    const yamlErrors = parsed.flatMap((d) => d.errors.map((e) => `${file}: YAML: ${e.message}`));
    if (yamlErrors.length) { yamlErrors.forEach((e) => console.error(e)); bad = true; continue; }
    const docs = parsed.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
    const errors = docs.length ? validateAll(docs, externalSecrets, cross) : [`${file}: no objects`];
    for (const e of errors) console.error(`${file}: ${e}`);
    if (errors.length) { bad = true; continue; }
    const kinds = {};
    for (const d of docs) kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
    let note = '';
    if (runSelfTest) {
      const { ran, failures } = selfTest(docs, externalSecrets, cross);
      failures.forEach((f) => console.error(`${file}: ${f}`));
      if (failures.length) bad = true;
      note = `; self-test: ${ran - failures.length}/${ran} deliberate breaks caught`;
    }
    console.log(`${file}: ${docs.length} objects valid (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')})${note}`);
  }
  return bad ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
