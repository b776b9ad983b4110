// kafkajs driver for the pytest suite (tests/clients/test_kafkajs.py).
//
// Reads {"brokers": ["127.0.0.1:PORT"], "ops": [{"op": "...", ...}, ...]} as JSON on stdin, runs the
// ops in order with one admin client and one producer per producer config, and prints a JSON array
// with one {"ok": result} or {"error": {name, type, code, message}} per op on stdout. kafkajs logs go
// to stderr. Exits non-zero only when the driver itself breaks.
'use strict'

const { Kafka, logLevel, CompressionTypes, ConfigResourceTypes, AssignerProtocol } = require('kafkajs')

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
  const out = {
    name: e.name,
    type: e.type || null,
    code: e.code === undefined ? null : e.code,
    message: e.message,
    causes,
  }
  // KafkaJSDeleteGroupsError: per-group error codes.
  if (Array.isArray(e.groups)) {
    out.groups = e.groups.map(g => ({
      groupId: g.groupId,
      errorCode: g.errorCode,
      type: (g.error && g.error.type) || null,
    }))
  }
  return out
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

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

// Poll `pred` every 20 ms until it is true; throws `what` after `ms`.
const waitFor = async (pred, ms, what) => {
  const deadline = Date.now() + ms
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await sleep(20)
  }
}

// One kafkajs group consumer that records its GROUP_JOIN events (assignment per generation)
// and every message handed to eachMessage. Messages past `limit` are not recorded (and, with
// autoCommit off, not committed).
const groupMember = async (kafka, a, limit) => {
  const consumer = kafka.consumer({
    groupId: a.groupId,
    sessionTimeout: a.sessionTimeout || 6000,
    heartbeatInterval: a.heartbeatInterval || 300,
    rebalanceTimeout: a.rebalanceTimeout || 10000,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
  })
  const m = { consumer, messages: [], joins: [], crashes: [] }
  consumer.on(consumer.events.GROUP_JOIN, e => {
    m.joins.push({
      memberId: e.payload.memberId,
      leaderId: e.payload.leaderId,
      isLeader: e.payload.isLeader,
      groupProtocol: e.payload.groupProtocol,
      memberAssignment: e.payload.memberAssignment,
    })
  })
  consumer.on(consumer.events.CRASH, e => m.crashes.push(String(e.payload.error)))
  await consumer.connect()
  await consumer.subscribe({ topics: a.topics, fromBeginning: a.fromBeginning !== false })
  await consumer.run({
    autoCommit: a.autoCommit !== false,
    eachMessage: async ({ topic, partition, message }) => {
      if (limit !== undefined && m.messages.length >= limit()) return
      m.messages.push({
        topic,
        partition,
        offset: Number(message.offset),
        key: message.key === null ? null : message.key.toString(),
        value: message.value === null ? null : message.value.toString(),
      })
    },
  })
  return m
}

const memberResult = m => ({
  memberId: m.joins.length ? m.joins[m.joins.length - 1].memberId : null,
  assignment: m.joins.length ? m.joins[m.joins.length - 1].memberAssignment : null,
  joins: m.joins,
  messages: m.messages,
  crashes: m.crashes,
})

const decodeGroups = ({ groups }) => ({
  groups: groups.map(g => ({
    groupId: g.groupId,
    state: g.state,
    protocolType: g.protocolType,
    protocol: g.protocol,
    errorCode: g.errorCode,
    members: g.members.map(mem => {
      const asg = mem.memberAssignment && mem.memberAssignment.length
        ? AssignerProtocol.MemberAssignment.decode(mem.memberAssignment)
        : null
      return {
        memberId: mem.memberId,
        clientId: mem.clientId,
        clientHost: mem.clientHost,
        assignment: asg ? asg.assignment : null,
      }
    }),
  })),
})

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
    // -- consumer groups -------------------------------------------------------------------
    // One member: consume until `count` messages arrived; with commit: 'manual' (autoCommit off)
    // commit exactly the recorded messages' offsets + 1, then disconnect (autoCommit commits
    // what eachMessage resolved).
    groupConsume: async a => {
      const m = await groupMember(kafka, a, () => a.count)
      try {
        await waitFor(() => m.messages.length >= a.count || m.crashes.length, a.timeoutMs || 30000,
          `${a.count} messages (have ${m.messages.length})`)
        if (m.crashes.length) throw new Error(`consumer crashed: ${m.crashes}`)
        if (a.commit === 'manual') {
          const next = {}
          for (const msg of m.messages) {
            const k = `${msg.topic}\u0000${msg.partition}`
            next[k] = { topic: msg.topic, partition: msg.partition, offset: String(msg.offset + 1) }
          }
          await m.consumer.commitOffsets(Object.values(next))
        }
      } finally {
        await m.consumer.disconnect()
      }
      return memberResult(m)
    },
    // `members` consumers in one group: wait until their latest assignments are disjoint and
    // cover `partitions` partitions of topics[0], then produce `count` messages round-robin over
    // the partitions, wait until all arrived, and disconnect every member.
    groupSplit: async a => {
      const members = []
      let atSplit = []
      try {
        for (let i = 0; i < a.members; i++) members.push(await groupMember(kafka, a))
        const latest = m => (m.joins.length ? m.joins[m.joins.length - 1].memberAssignment : null)
        const split = () => {
          const seen = new Set()
          for (const m of members) {
            const asg = latest(m)
            if (!asg) return false
            const parts = asg[a.topics[0]] || []
            if (!parts.length) return false
            for (const p of parts) {
              if (seen.has(p)) return false
              seen.add(p)
            }
          }
          return seen.size === a.partitions
        }
        await waitFor(split, a.timeoutMs || 30000, 'a disjoint split of all partitions')
        // The split as it was reached: disconnecting one member at the end makes the other
        // rejoin alone, and its last join would no longer show the split.
        atSplit = members.map(latest)
        const p = await producerFor({})
        const messages = []
        for (let i = 0; i < a.count; i++) messages.push({ value: `v-${i}`, partition: i % a.partitions })
        await p.send({ topic: a.topics[0], messages, acks: -1, timeout: 15000 })
        const total = () => members.reduce((n, m) => n + m.messages.length, 0)
        await waitFor(() => total() >= a.count, a.timeoutMs || 30000, `${a.count} messages across the group`)
      } finally {
        for (const m of members) await m.consumer.disconnect()
      }
      return members.map((m, i) => ({ ...memberResult(m), assignment: atSplit[i] }))
    },
    listGroups: () => admin.listGroups(),
    describeGroups: a => admin.describeGroups(a.groupIds).then(decodeGroups),
    fetchOffsets: a => admin.fetchOffsets({ groupId: a.groupId, topics: a.topics, resolveOffsets: !!a.resolveOffsets }),
    resetOffsets: a => admin.resetOffsets({ groupId: a.groupId, topic: a.topic, earliest: !!a.earliest }).then(() => true),
    setOffsets: a => admin.setOffsets({ groupId: a.groupId, topic: a.topic, partitions: a.partitions }).then(() => true),
    deleteGroups: a => admin.deleteGroups(a.groupIds),
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
