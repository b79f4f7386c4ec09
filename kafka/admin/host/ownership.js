'use strict';
// The provider of kafka-platform's ownership resources: see lazy.js.
module.exports = require('./lazy')('kafka/admin/ownershipProvider', 'ownershipProvider');
