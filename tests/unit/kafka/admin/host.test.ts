import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { aclHost, ownershipHost, topicHost } from '../../../../kafka/admin/hostProviders';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SOURCE = path.join(ROOT, 'kafka', 'admin', 'host');
const INSTALLED = path.join(ROOT, 'node_modules', '@kafka-platform', 'kafka-admin-host');

/**
 * Pulumi stores each dynamic resource's provider in its inputs and outputs. These tests pin the
 * design that keeps that small: the providers are modules of a package npm installs as a copy in
 * node_modules, which Pulumi's serialiser captures as a require() instead of code by value.
 */
describe('dynamic providers as Pulumi stores them', () => {
  for (const [name, provider] of [
    ['topic', topicHost],
    ['ownership', ownershipHost],
    ['acls', aclHost],
  ] as const) {
    it(`serialises the ${name} provider as one require() of a few hundred bytes`, async () => {
      const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
      assert.match(text, new RegExp(`require\\("@kafka-platform/kafka-admin-host/${name}\\.js"\\)`));
      assert.ok(text.length < 400, `${text.length} bytes:\n${text}`);
    });
  }

  it('the copy npm installed in node_modules is the one in kafka/admin/host (else: npm install)', () => {
    const files = readdirSync(SOURCE).sort();
    assert.deepEqual(readdirSync(INSTALLED).sort(), files);
    for (const file of files) {
      assert.equal(
        readFileSync(path.join(INSTALLED, file), 'utf8'),
        readFileSync(path.join(SOURCE, file), 'utf8'),
        `node_modules/@kafka-platform/kafka-admin-host/${file} is stale: run npm ci (npm keeps a copied package of the same version)`,
      );
    }
  });
});
