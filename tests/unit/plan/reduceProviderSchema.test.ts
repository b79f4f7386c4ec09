/**
 * scripts/reduce-provider-schema.ts keeps, of a published provider schema, exactly what the offline
 * checks read for the given types: inputs, required inputs, referenced object and enum types, and
 * which inputs force a replacement; with the source and the original's sha256.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ReducedSchema } from '../../../plan/providerSchema';

const ROOT = path.join(__dirname, '../../..');

const PUBLISHED = {
  name: 'p',
  resources: {
    'p:index:Ns': {
      description: 'dropped',
      inputProperties: {
        sku: { $ref: '#/types/p:index:Sku', description: 'dropped' },
        location: { type: 'string', willReplaceOnChanges: true },
        tags: { type: 'object', additionalProperties: { type: 'string' } },
      },
      requiredInputs: ['sku'],
    },
    'p:index:Unused': { inputProperties: { x: { type: 'string' } } },
  },
  types: {
    'p:index:Sku': {
      type: 'object',
      properties: { name: { $ref: '#/types/p:index:SkuName' } },
      required: ['name'],
    },
    'p:index:SkuName': { type: 'string', enum: [{ value: 'Basic' }, { value: 'Premium' }] },
    'p:index:Unused': { type: 'object', properties: {} },
  },
};

describe('reduce-provider-schema', () => {
  it('keeps the types asked for, what they reference, and the checksum of the original', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-reduce-'));
    try {
      const file = path.join(dir, 'schema.json');
      fs.writeFileSync(file, JSON.stringify(PUBLISHED));
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(ROOT, 'scripts/reduce-provider-schema.ts'),
          '--out',
          dir,
          file,
          'https://example/schema.json',
          'p:index:Ns',
        ],
        { cwd: ROOT, stdio: 'pipe' },
      );
      const reduced = JSON.parse(fs.readFileSync(path.join(dir, 'p.json'), 'utf8')) as ReducedSchema;
      assert.deepEqual(reduced, {
        package: 'p',
        source: 'https://example/schema.json',
        sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
        resources: {
          'p:index:Ns': {
            replaceOnChanges: ['location'],
            required: ['sku'],
            inputs: {
              location: { type: 'string', replaceOnChanges: true },
              sku: { $ref: 'p:index:Sku' },
              tags: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
        types: {
          'p:index:Sku': {
            type: 'object',
            required: ['name'],
            properties: { name: { $ref: 'p:index:SkuName' } },
          },
          'p:index:SkuName': { type: 'string', enum: ['Basic', 'Premium'] },
        },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
