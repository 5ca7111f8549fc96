import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadWorkerConfig } from '@cockpit/worker/config'
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { PUBLIC_ROUTES } from './auth.js'
import { loadConfig } from './config.js'
import { METRICS_PATH } from './metrics.js'

// infra/deploy is not run here (no Docker, no cluster): this checks that its files parse and agree with
// the app — the probes hit routes that exist and answer without a caller, on the port the app listens on,
// and the settings they pass are ones the API and the workers accept.
const deployDir = resolve(import.meta.dirname, '../../../infra/deploy')
const read = (name: string) => readFileSync(join(deployDir, name), 'utf8')

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is walked by key, as an operator would read it.
type Doc = any

const k8s: Doc[] = readdirSync(join(deployDir, 'k8s'))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(read(join('k8s', f))).map((d) => {
      if (d.errors.length) throw new Error(`${f}: ${d.errors.map((e) => e.message).join('; ')}`)
      return d.toJS() as Doc
    }),
  )
const byKind = (kind: string, name: string) => k8s.find((d) => d.kind === kind && d.metadata?.name === name)

/** What every process gets: the ConfigMap, and the Secret's placeholders. */
const k8sEnv = (): Record<string, string> => ({
  ...byKind('ConfigMap', 'cockpit-config').data,
  ...byKind('Secret', 'cockpit-secrets').stringData,
})
const composeEnv = (): Record<string, string> =>
  Object.fromEntries(
    read('cockpit.env')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  )
const publicGet = (path: string) => PUBLIC_ROUTES.has(`GET ${path}`)

describe('infra/deploy', () => {
  it('Kubernetes: API probes on public health routes and the port the API listens on; workers and API accept the settings', () => {
    const env = k8sEnv()
    const api = loadConfig(env, '/srv')
    expect(loadWorkerConfig(env, '/srv').prefix).toBe(api.prefix)
    expect(api.prefix).toBe('{cockpit}')
    expect(api.host).toBe('0.0.0.0')
    expect(api.metricsTokenDigest).not.toBeNull()

    const deployment = byKind('Deployment', 'cockpit-api')
    const pod = deployment.spec.template.spec
    const container = pod.containers[0]
    const port = container.ports.find((p: Doc) => p.name === 'http')
    expect(port.containerPort).toBe(api.port)
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(probe.httpGet.path).toMatch(/^\/api\/v1\/health/)
      expect(publicGet(probe.httpGet.path)).toBe(true)
      expect(probe.httpGet.port).toBe('http')
    }
    expect(container.readinessProbe.httpGet.path).toBe('/api/v1/health/ready')
    expect(container.livenessProbe.httpGet.path).toBe('/api/v1/health/live')
    expect(deployment.spec.template.metadata.annotations['prometheus.io/path']).toBe(METRICS_PATH)
    // preStop, then the drain, must fit in the grace period, or the kubelet kills requests mid-way.
    const preStopSeconds = Number(container.lifecycle.preStop.exec.command.at(-1))
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopSeconds * 1000 + api.drainTimeoutMs)
    expect(container.command).toContain('apps/api/src/main.ts')

    const service = byKind('Service', 'cockpit-api')
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels)
    expect(service.spec.ports[0].targetPort).toBe('http')

    const workers = byKind('Deployment', 'cockpit-worker')
    const wpod = workers.spec.template.spec
    expect(wpod.containers[0].command).toContain('apps/worker/src/main.ts')
    expect(wpod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(loadWorkerConfig(env, '/srv').drainTimeoutMs)
  })

  it('compose: PostgreSQL, Redis, two APIs and two workers behind nginx, which does not buffer the event stream', () => {
    const compose = parse(read('compose.yaml'), { merge: true }) as Doc
    expect(Object.keys(compose.services).sort()).toEqual([
      'api-1',
      'api-2',
      'postgres',
      'proxy',
      'redis',
      'worker-1',
      'worker-2',
    ])
    const env = { ...composeEnv(), ...compose.services['api-1'].environment }
    const api = loadConfig(env, '/srv')
    expect(loadWorkerConfig(composeEnv(), '/srv').prefix).toBe(api.prefix)
    for (const name of ['api-1', 'api-2']) {
      const s = compose.services[name]
      expect(s.command).toContain('apps/api/src/main.ts')
      expect(s.expose).toEqual([String(api.port)])
      const check = s.healthcheck.test.join(' ')
      const url = /http:\/\/127\.0\.0\.1:(\d+)(\/[^'"]+)/.exec(check)!
      expect(Number(url[1])).toBe(api.port)
      expect(publicGet(url[2]!)).toBe(true)
      expect(Number.parseInt(s.stop_grace_period, 10) * 1000).toBeGreaterThan(api.drainTimeoutMs)
    }
    for (const name of ['worker-1', 'worker-2'])
      expect(compose.services[name].command).toContain('apps/worker/src/main.ts')

    const nginx = read('nginx.conf')
    for (const name of ['api-1', 'api-2']) expect(nginx).toContain(`server ${name}:${api.port}`)
    const events = /location \/api\/v1\/events \{([^}]*)\}/.exec(nginx)![1]!
    expect(events).toContain('proxy_buffering off;')
    expect(events).toMatch(/proxy_read_timeout \d+[hm];/)
  })
})
