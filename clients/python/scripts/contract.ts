// Writes clients/python/src/kafka_platform/contract.json from client/contract.ts: the env variables
// the program writes (with their doc comments) and the values each may take, so the Python package
// reads the contract declared once instead of a copy. `--check` fails when the committed file differs (`npm run regen` runs it with the others).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { ENV, OAUTH_PROVIDERS, SASL_MECHANISMS, SECURITY_PROTOCOLS } from '../../../client/contract';
import { writeOrCheck } from '../../../scripts/generatedFiles';

const ROOT = path.resolve(__dirname, '../../..');
const SOURCE = path.join(ROOT, 'client/contract.ts');
export const CONTRACT_JSON = path.join(ROOT, 'clients/python/src/kafka_platform/contract.json');

/** The doc comment of each property of `export const ENV = {...}`. */
function envDocs(): Record<string, string> {
  const file = ts.createSourceFile(SOURCE, readFileSync(SOURCE, 'utf8'), ts.ScriptTarget.ES2022, true);
  const docs: Record<string, string> = {};
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name)) {
      const doc = ts
        .getJSDocCommentsAndTags(node)
        .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
        .join(' ');
      docs[node.name.text] = doc.replace(/\s+/g, ' ').trim();
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return docs;
}

export function contractJson(): string {
  const docs = envDocs();
  const contract = {
    $comment: 'Generated from client/contract.ts by `npm run python:contract`; do not edit.',
    variables: Object.entries(ENV).map(([key, name]) => ({ key, name, doc: docs[key] ?? '' })),
    securityProtocols: SECURITY_PROTOCOLS,
    saslMechanisms: SASL_MECHANISMS,
    oauthProviders: OAUTH_PROVIDERS,
  };
  return JSON.stringify(contract, null, 2) + '\n';
}

if (require.main === module) {
  process.exitCode = writeOrCheck({
    projectDir: ROOT,
    wanted: [{ path: path.relative(ROOT, CONTRACT_JSON), content: contractJson() }],
    stale: [],
    check: process.argv.includes('--check'),
    script: 'python:contract',
  });
}
