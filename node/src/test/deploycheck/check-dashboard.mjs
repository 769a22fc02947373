// Type-checks a Grafana dashboard JSON file against Grafana's own Dashboard type
// (@grafana/schema) with tsc: the JSON becomes an object literal that must satisfy the type, so
// unknown fields and wrong types or enum values are errors. Exits with tsc's status.
import fs from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';
import { spawnSync } from 'child_process';

const here = path.dirname(fileURLToPath(import.meta.url));
const dashboard = fs.readFileSync(process.argv[2], 'utf8').trim();
const work = fs.mkdtempSync(path.join(here, '.dashboard-check-'));
let status = 1;
try {
  fs.writeFileSync(path.join(work, 'check.ts'),
    "import type { Dashboard } from '@grafana/schema';\n" +
    `const dashboard = ${dashboard} satisfies Dashboard;\nexport default dashboard;\n`);
  fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'commonjs', moduleResolution: 'node', target: 'es2020',
      skipLibCheck: true, typeRoots: [] },
    files: ['check.ts'],
  }));
  const tsc = spawnSync(process.execPath, [path.join(here, 'node_modules/typescript/lib/tsc.js'), '-p', work],
    { encoding: 'utf8' });
  process.stdout.write(tsc.stdout);
  process.stderr.write(tsc.stderr);
  status = tsc.status === 0 ? 0 : 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(status);
