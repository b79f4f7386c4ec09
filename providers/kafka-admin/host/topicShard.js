'use strict';
// The provider of kafka-platform's topic shards (kafka:topicResources sharded): see lazy.js.
module.exports = require('./lazy')('providers/kafka-admin/topicShardProvider', 'topicShardProvider');
