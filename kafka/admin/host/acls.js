'use strict';
// The provider of kafka-platform's acls resources: see lazy.js.
module.exports = require('./lazy')('kafka/admin/aclProvider', 'aclProvider');
