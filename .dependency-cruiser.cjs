/**
 * Layering rules, checked by `npm run deps` (part of `npm test`). The kernel (common, config,
 * database) serves every domain and knows none; domains depend one way (no cycles between domain
 * folders); nothing but the entry points (the processes' modules and scripts) reaches `reports/`
 * or the entry points themselves.
 */
const KERNEL = '^src/(common|config|database)/';
const ENTRY = '^src/(main|worker|worker-health|app\\.module|worker\\.module)\\.ts$|^src/scripts/';
const DOMAIN = '^src/(?!common/|config/|database/|scripts/)[^/]+/';

module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-no-domain',
      comment: 'common/, config/ and database/ are shared by every domain and must not know any.',
      severity: 'error',
      from: { path: KERNEL },
      to: { path: DOMAIN },
    },
    {
      name: 'kernel-imports-no-entry-point',
      severity: 'error',
      from: { path: KERNEL },
      to: { path: ENTRY },
    },
    {
      name: 'domain-imports-no-reports',
      comment: 'Reports read every domain; a domain that imported reports/ would close a loop.',
      severity: 'error',
      from: { path: DOMAIN, pathNot: '^src/reports/' },
      to: { path: '^src/reports/' },
    },
    {
      name: 'domain-imports-no-entry-point',
      comment:
        'main.ts, worker.ts, their modules and scripts assemble domains; domains never import them.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: ENTRY },
    },
    {
      name: 'repository-stays-in-its-domain',
      comment:
        "A domain's repository holds its SQL; other domains reach its data through its exported " +
        'port (OrganizationLookup, UserLookup, the privacy ports).',
      severity: 'error',
      from: { path: '^src/(?!common/|config/|database/|scripts/)([^/]+)/', pathNot: '^src/auth/' },
      to: { path: '^src/[^/]+/.*\\.repository\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'auth-reads-only-users-repository',
      comment: 'auth is the sign-in half of users and reads UsersRepository; no other repository.',
      severity: 'error',
      from: { path: '^src/auth/' },
      to: { path: '^src/[^/]+/.*\\.repository\\.ts$', pathNot: '^src/(auth|users)/' },
    },
    {
      name: 'no-cycle-between-domains',
      comment:
        'Domains depend one way: a cycle that leaves a domain folder and comes back is forbidden.',
      severity: 'error',
      from: { path: '^src/(?!common/|config/|database/|scripts/)([^/]+)/' },
      to: { path: DOMAIN, pathNot: '^src/$1/', circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
