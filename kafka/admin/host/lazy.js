'use strict';
/**
 * A dynamic provider whose methods load the real implementation from the project when the
 * engine's provider host first calls them (see ../hostProviders.ts for why).
 *
 * This package is installed as a copy in node_modules (.npmrc: install-links), so Pulumi's
 * function serialiser stores each provider in the state as `require("<this package>/topic.js")`,
 * a few hundred bytes, instead of serialising our code by value into every resource.
 */
const path = require('node:path');
const { createRequire } = require('node:module');

module.exports = function lazy(modulePath, exportName) {
  let impl;
  const load = () => {
    if (impl) return impl;
    // Three levels up is the project, whether this package is the copy in
    // node_modules/@kafka-platform/kafka-admin-host or its source in kafka/admin/host.
    const root = path.resolve(__dirname, '..', '..', '..');
    const file = path.join(root, modulePath);
    let loaded;
    try {
      const tsx = createRequire(path.join(root, 'package.json'))('tsx/cjs/api');
      loaded = tsx.require(file, path.join(root, 'index.ts'));
    } catch (err) {
      throw new Error(
        `cannot load the kafka-platform provider ${file}.ts: ${err && err.message}. ` +
          'Run Pulumi from the kafka-platform project directory after npm ci.',
      );
    }
    impl = loaded[exportName];
    if (!impl) throw new Error(`${file}.ts exports no provider "${exportName}"`);
    return impl;
  };
  return {
    configure: async (req) => load().configure && load().configure(req),
    check: async (olds, news) => (load().check ? load().check(olds, news) : { inputs: news }),
    diff: async (id, olds, news) => (load().diff ? load().diff(id, olds, news) : {}),
    create: async (inputs) => load().create(inputs),
    read: async (id, props) => (load().read ? load().read(id, props) : { id, props }),
    update: async (id, olds, news) => (load().update ? load().update(id, olds, news) : { outs: news }),
    delete: async (id, props) => load().delete && load().delete(id, props),
  };
};
