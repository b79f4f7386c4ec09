'use strict';
// The provider of kafka-platform's topic shards (kafka:topicResources sharded): see lazy.js.
module.exports = require('./lazy')('kafka/admin/topicShardProvider', 'topicShardProvider');
