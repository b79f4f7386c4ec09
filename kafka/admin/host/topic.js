'use strict';
// The provider of kafka-platform's topic resources: see lazy.js.
module.exports = require('./lazy')('kafka/admin/topicProvider', 'topicProvider');
