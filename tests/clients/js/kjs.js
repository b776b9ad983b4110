// kafkajs driver for the pytest suite (tests/clients/test_kafkajs.py).
//
// Reads {"brokers": ["127.0.0.1:PORT"], "ops": [{"op": "...", ...}, ...]} as JSON on stdin, runs the
// ops in order with one admin client and one producer per producer config, and prints a JSON array
// with one {"ok": result} or {"error": {name, type, code, message}} per op on stdout. kafkajs logs go
// to stderr. Exits non-zero only when the driver itself breaks.
'use strict'

const { Kafka, logLevel, CompressionTypes, ConfigResourceTypes } = require('kafkajs')

const readStdin = () =>
  new Promise((resolve, reject) => {
    let data = ''
    process.stdin.setEncoding('utf8')
    process.stdin.on('data', chunk => (data += chunk))
    process.stdin.on('end', () => resolve(data))
    process.stdin.on('error', reject)
  })

const stderrLogger = () => ({ namespace, level, label, log }) => {
  process.stderr.write(`[kafkajs ${label}] ${namespace}: ${log.message} ${JSON.stringify(log)}\n`)
}

// The error plus its causes (kafkajs wraps protocol errors in retrier / aggregate errors), so the
// tests can look for the Kafka error type (e.g. TOPIC_ALREADY_EXISTS) anywhere in the chain.
const describeError = (e, depth = 0) => {
  if (!e || depth > 5) return null
  const causes = []
  if (e.cause) causes.push(describeError(e.cause, depth + 1))
  if (e.originalError) causes.push(describeError(e.originalError, depth + 1))
  for (const inner of e.errors || []) causes.push(describeError(inner, depth + 1))
  return {
    name: e.name,
    type: e.type || null,
    code: e.code === undefined ? null : e.code,
    message: e.message,
    causes,
  }
}

const compressionOf = name => {
  if (!name) return CompressionTypes.None
  const c = { gzip: CompressionTypes.GZIP, none: CompressionTypes.None }[name]
  if (c === undefined) throw new Error(`kafkajs has no built-in codec ${name}`)
  return c
}

const toMessage = m => {
  const out = { value: m.value === undefined ? null : m.value }
  if (m.key !== undefined) out.key = m.key
  if (m.headers !== undefined) out.headers = m.headers
  if (m.partition !== undefined) out.partition = m.partition
  if (m.timestamp !== undefined) out.timestamp = String(m.timestamp)
  return out
}

async function main () {
  const input = JSON.parse(await readStdin())
  const kafka = new Kafka({
    clientId: 'strom-tests-kafkajs',
    brokers: input.brokers,
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: input.retries === undefined ? 3 : input.retries, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: logLevel.WARN,
    logCreator: stderrLogger,
  })
  const admin = kafka.admin()
  await admin.connect()
  const producers = new Map()
  const producerFor = async (conf = {}) => {
    const key = JSON.stringify(conf)
    if (!producers.has(key)) {
      const p = kafka.producer({ allowAutoTopicCreation: false, ...conf })
      await p.connect()
      producers.set(key, p)
    }
    return producers.get(key)
  }

  const ops = {
    createTopics: a => admin.createTopics({
      topics: a.topics,
      validateOnly: !!a.validateOnly,
      waitForLeaders: a.waitForLeaders !== false,
      timeout: 15000,
    }),
    listTopics: () => admin.listTopics(),
    fetchTopicMetadata: a => admin.fetchTopicMetadata({ topics: a.topics }),
    deleteTopics: a => admin.deleteTopics({ topics: a.topics, timeout: 15000 }).then(() => true),
    createPartitions: a => admin.createPartitions({ topicPartitions: a.topicPartitions }),
    fetchTopicOffsets: a => admin.fetchTopicOffsets(a.topic),
    fetchTopicOffsetsByTimestamp: a => admin.fetchTopicOffsetsByTimestamp(a.topic, a.timestamp),
    describeCluster: () => admin.describeCluster(),
    describeTopicConfigs: a => admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: a.topic, configNames: a.configNames }],
      includeSynonyms: false,
    }),
    alterTopicConfigs: a => admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: a.topic, configEntries: a.configEntries }],
    }),
    deleteTopicRecords: a => admin.deleteTopicRecords({ topic: a.topic, partitions: a.partitions }).then(() => true),
    send: async a => {
      const p = await producerFor(a.producer)
      return p.send({
        topic: a.topic,
        messages: a.messages.map(toMessage),
        acks: a.acks === undefined ? -1 : a.acks,
        compression: compressionOf(a.compression),
        timeout: 15000,
      })
    },
  }

  const results = []
  for (const op of input.ops) {
    const fn = ops[op.op]
    if (!fn) {
      results.push({ error: { name: 'UnknownOp', type: null, code: null, message: op.op } })
      continue
    }
    try {
      results.push({ ok: (await fn(op)) ?? null })
    } catch (e) {
      results.push({ error: describeError(e) })
    }
  }
  for (const p of producers.values()) await p.disconnect()
  await admin.disconnect()
  process.stdout.write(JSON.stringify(results) + '\n')
}

main().catch(e => {
  process.stderr.write(`kjs.js failed: ${e && e.stack ? e.stack : e}\n`)
  process.exit(1)
})
