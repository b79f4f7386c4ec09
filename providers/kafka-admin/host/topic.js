'use strict';
// The provider of kafka-platform's topic resources: see lazy.js.
module.exports = require('./lazy')('providers/kafka-admin/topicProvider', 'topicProvider');
