// Import rules that Biome cannot express: no cycles anywhere, and packages/services split into contexts that
// import only the kernel and the contexts listed here (CONTRIBUTING: "Services by context"). `npm run lint` runs it.
const contexts = {
  kernel: [],
  access: ['kernel'],
  status: ['kernel'],
  catalog: ['kernel', 'status'],
  reporting: ['kernel'],
  evidence: ['kernel'],
  tasks: ['kernel', 'evidence', 'reporting'],
  pipeline: ['kernel', 'status', 'reporting', 'evidence', 'tasks'],
  alerts: ['kernel', 'status'],
  reports: ['kernel', 'catalog', 'status', 'reporting', 'tasks'],
  'plan-import': ['kernel', 'catalog', 'status'],
  messaging: ['kernel'],
  ops: ['kernel', 'messaging'],
}
const services = '^packages/services/src/'

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: modules that cannot be understood, tested or moved apart.',
      from: {},
      // A loop closed only by `import type` is erased when compiled (apps/api: env.ts and read-snapshots.ts share
      // the app's Env type); any loop with a value import in it fails.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'services-unknown-context',
      severity: 'error',
      comment: 'Every file in packages/services/src belongs to a context folder listed in .dependency-cruiser.cjs.',
      from: { path: services, pathNot: `${services}(${Object.keys(contexts).join('|')})/` },
      to: {},
    },
    ...Object.entries(contexts).map(([name, deps]) => ({
      name: `services-${name}-imports`,
      severity: 'error',
      comment: `The ${name} context imports only ${[name, ...deps].join(', ')} (CONTRIBUTING: "Services by context").`,
      // A test composes contexts the way an app does (it is their caller); only cycles are refused there.
      from: { path: `${services}${name}/`, pathNot: '\\.test\\.ts$' },
      to: { path: services, pathNot: `${services}(${[name, ...deps].join('|')})/` },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
