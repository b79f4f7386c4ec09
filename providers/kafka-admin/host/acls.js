'use strict';
// The provider of kafka-platform's acls resources: see lazy.js.
module.exports = require('./lazy')('providers/kafka-admin/aclProvider', 'aclProvider');
