// Validates every manifest of the YAML files named on the command line against the Kubernetes
// API's schemas (kubernetes-models). Prints one line per document; exits 1 if any is invalid.
import fs from 'fs';
import YAML from 'yaml';

async function modelFor(apiVersion, kind) {
  try {
    return (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
  } catch (e) {
    return null;
  }
}

let failures = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) {
      console.log(`INVALID ${file}: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const manifest = doc.toJS();
    const Model = await modelFor(manifest.apiVersion, manifest.kind);
    if (!Model) {
      console.log(`INVALID ${file}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(manifest).validate();
      console.log(`valid ${file}: ${manifest.kind} ${manifest.metadata.name}`);
    } catch (e) {
      console.log(`INVALID ${file}: ${manifest.kind} ${manifest.metadata?.name}: ${e.message}`);
      failures++;
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
