// A Yjs peer written with nothing but the standard packages: it joins a
// Stagemap room through a y-websocket server, prints the title of every card
// as read through the live schema (docs/live-schema.md), adds one card and
// exits 0. Usage: node peer.mjs ws://HOST:PORT ROOM [TOKEN]
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [server, room, token] = process.argv.slice(2)
if (!server || !room) {
  console.error('usage: node peer.mjs ws://HOST:PORT ROOM [TOKEN]')
  process.exit(2)
}

const fail = (why) => {
  console.error(`peer: ${why}`)
  process.exit(1)
}
setTimeout(() => fail('timed out'), 20000).unref()

const doc = new Y.Doc()
const provider = new WebsocketProvider(server, room, doc, {
  WebSocketPolyfill: WebSocket,
  params: token ? { token } : {},
  disableBc: true
})

// An order key after `key` (lowercase hex of bytes ending in 0x80, sorted
// bytewise), as the fractional_index crate makes one.
const after = (key) => {
  const bytes = key ? Buffer.from(key, 'hex') : Buffer.from([0x80])
  const body = [...bytes.subarray(0, bytes.length - 1)]
  for (let i = 0; i < body.length; i++) {
    if (body[i] < 0x80) return Buffer.from([...body.slice(0, i), 0x80]).toString('hex')
    if (body[i] < 0xff) return Buffer.from([...body.slice(0, i), body[i] + 1, 0x80]).toString('hex')
  }
  return Buffer.from([...body, 0xff, 0x80]).toString('hex')
}

const byOrder = (root) =>
  [...root.entries()]
    .filter(([, entity]) => entity instanceof Y.Map)
    .sort(([a, x], [b, y]) => {
      const ox = x.get('place')?.order ?? ''
      const oy = y.get('place')?.order ?? ''
      return ox < oy ? -1 : ox > oy ? 1 : a < b ? -1 : a > b ? 1 : 0
    })

provider.on('connection-close', (event) => {
  if (event && event.code >= 4000) fail(`refused: ${event.code} ${event.reason}`)
})

provider.once('sync', (synced) => {
  if (!synced) return
  const cards = doc.getMap('cards')
  const steps = doc.getMap('steps')
  const lanes = doc.getMap('lanes')
  if (cards.size === 0) fail('the room holds no cards')
  const ordered = byOrder(cards)
  for (const [, card] of ordered) {
    console.log(`title: ${card.get('title').toString()}`)
  }
  const step = Number(byOrder(steps)[0]?.[0])
  const lane = Number(byOrder(lanes)[0]?.[0])
  if (!Number.isSafeInteger(step) || !Number.isSafeInteger(lane)) fail('no step or lane')
  const last = ordered[ordered.length - 1][1].get('place')?.order
  // Ids from this client's own block, as every peer takes them.
  const id = doc.clientID * 2 ** 21 + 1
  const title = 'Von Node hinzugefügt 节点'
  doc.transact(() => {
    const card = new Y.Map()
    card.set('title', new Y.Text(title))
    card.set('pain', true)
    card.set('place', { step, lane, order: after(last) })
    cards.set(String(id), card)
  })
  console.log(`added: ${id} ${title}`)
  // Closing sends what is buffered first, then the close frame.
  setTimeout(() => {
    provider.destroy()
    process.exit(0)
  }, 200)
})
