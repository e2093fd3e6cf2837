#!/usr/bin/env node
// Static checks of deploy/Dockerfile (no Docker engine here, so it cannot be built):
//   - lint with dockerfile-utils (the linter behind VS Code's Dockerfile support): any error or
//     warning fails;
//   - the build matches the repository: the jar it copies is the one the Maven reactor makes
//     (<module>/target/<module>-<project version>-<shade classifier>.jar), every service module
//     exists and is shaded, the user matches runAsUser in deploy/base, JVM options are set;
//   - Dockerfile.dockerignore keeps build outputs out but not what the build needs.
// Usage: node check-dockerfile.mjs  (paths are relative to this file)
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from 'dockerfile-utils';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const dockerfilePath = join(repo, 'deploy', 'Dockerfile');
const text = readFileSync(dockerfilePath, 'utf8');
const errors = [];

for (const d of validate(text)) {
  errors.push(`line ${d.range.start.line + 1}: ${d.message} (${d.severity === 1 ? 'error' : 'warning'})`);
}

// Instructions, with continuation lines joined and comments dropped.
const instructions = text.replace(/\\\n/g, ' ').split('\n')
  .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  .map((l) => { const [op, ...rest] = l.split(/\s+/); return { op: op.toUpperCase(), args: rest.join(' ') }; });
const froms = instructions.filter((i) => i.op === 'FROM').map((i) => i.args);
const expect = (cond, msg) => { if (!cond) errors.push(msg); };

expect(instructions[0]?.op === 'ARG' && /^SERVICE=/.test(instructions[0].args), 'the first instruction must be ARG SERVICE=...');
expect(froms.length === 2 && /^eclipse-temurin:17-jdk\b/.test(froms[0]) && / AS build$/i.test(froms[0]),
  'stage 1 must be FROM eclipse-temurin:17-jdk AS build');
expect(froms.length === 2 && /^eclipse-temurin:17-jre\b/.test(froms[1]), 'stage 2 must be FROM eclipse-temurin:17-jre');
const stage = (n) => {
  const starts = instructions.map((i, k) => (i.op === 'FROM' ? k : -1)).filter((k) => k >= 0);
  return instructions.slice(starts[n], starts[n + 1]);
};
for (const n of [0, 1]) expect(stage(n).some((i) => i.op === 'ARG' && /^SERVICE\b/.test(i.args)), `stage ${n + 1} must redeclare ARG SERVICE`);
const run = stage(0).filter((i) => i.op === 'RUN').map((i) => i.args).join(' ');
expect(/\.\/mvnw -B\b.*-DskipTests package -pl "\$\{SERVICE\}" -am/.test(run), 'build stage must run ./mvnw -B ... -DskipTests package -pl "${SERVICE}" -am');

// The jar name the reactor produces.
const rootPom = readFileSync(join(repo, 'pom.xml'), 'utf8');
const version = /<artifactId>sway-parent<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(rootPom)?.[1];
const classifier = /<shadedClassifierName>([^<]+)<\/shadedClassifierName>/.exec(rootPom)?.[1];
expect(version && classifier, 'cannot read the project version and shade classifier from pom.xml');
const jar = `\${SERVICE}/target/\${SERVICE}-${version}-${classifier}.jar`;
expect(run.includes(jar), `build stage must copy ${jar}`);
for (const svc of ['ingest-service', 'scoring-service', 'query-service']) {
  const pom = join(repo, svc, 'pom.xml');
  if (!existsSync(pom)) { errors.push(`module ${svc} does not exist`); continue; }
  const p = readFileSync(pom, 'utf8');
  expect(p.includes(`<artifactId>${svc}</artifactId>`), `${svc}/pom.xml: artifactId is not ${svc}`);
  expect(p.includes('maven-shade-plugin') && /<main\.class>[^<]+<\/main\.class>/.test(p), `${svc}/pom.xml: not shaded with a main class`);
  expect(rootPom.includes(`<module>${svc}</module>`), `pom.xml does not list module ${svc}`);
}

// Runtime stage: user, JVM options, entrypoint, ports.
const runtime = stage(1);
const base = readFileSync(join(repo, 'deploy', 'base', 'ingest.yaml'), 'utf8');
const uid = /runAsUser: (\d+)/.exec(base)?.[1];
expect(runtime.some((i) => i.op === 'RUN' && i.args.includes(`--uid ${uid}`)), `runtime stage must create a user with uid ${uid} (runAsUser in deploy/base)`);
expect(runtime.some((i) => i.op === 'USER' && i.args.startsWith(`${uid}`)), `runtime stage must switch to USER ${uid} (numeric, for runAsNonRoot)`);
expect(runtime.some((i) => i.op === 'ENV' && i.args.includes('JAVA_TOOL_OPTIONS=')
  && i.args.includes('-XX:MaxRAMPercentage=75') && i.args.includes('-XX:+ExitOnOutOfMemoryError')),
'runtime stage must set JAVA_TOOL_OPTIONS with -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError');
expect(runtime.some((i) => i.op === 'EXPOSE' && /GRPC_PORT/.test(i.args) && /METRICS_PORT/.test(i.args)), 'runtime stage must EXPOSE the gRPC and metrics ports');
expect(runtime.some((i) => i.op === 'COPY' && /--from=build\b/.test(i.args)), 'runtime stage must COPY the jar --from=build');
const entry = runtime.filter((i) => i.op === 'ENTRYPOINT').at(-1)?.args;
expect(entry && JSON.parse(entry)[0] === 'java' && JSON.parse(entry)[1] === '-jar', 'ENTRYPOINT must be exec-form ["java", "-jar", ...]');

// The ignore file: build outputs out, the reactor in.
const ignorePath = join(repo, 'deploy', 'Dockerfile.dockerignore');
const patterns = readFileSync(ignorePath, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
for (const p of ['**/target/', '**/node_modules/', '.git/']) expect(patterns.includes(p), `Dockerfile.dockerignore must exclude ${p}`);
for (const needed of ['mvnw', '.mvn', 'pom.xml', 'common', 'proto', 'runtime', 'store', 'scoring-model', 'ingest-service', 'scoring-service', 'query-service', 'local', 'cli', 'benchmarks']) {
  expect(!patterns.some((p) => p.replace(/\/$/, '') === needed || p === '*' || p === '**'), `Dockerfile.dockerignore must not exclude ${needed}`);
}

if (errors.length) {
  for (const e of errors) console.error(`deploy/Dockerfile: ${e}`);
  process.exit(1);
}
console.log(`deploy/Dockerfile: lint clean, builds ${jar} for ingest/scoring/query-service, runs as uid ${uid}`);
