// Where `lab serve` listens: fixed ports, real ports per service address, and the hosts-file lines for each cloud.

import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {CLOUD_ENDPOINTS, CLOUDS} from '../../src/core/cloud.js'
import {bindFailureLine, hostsFileLines, parseLoopbackPrefix, portBaseBinding, realPortsBinding} from '../../src/lab/lab-binding.js'
import {buildNetworkMap} from '../../src/lab/start-lab.js'
import {routeFor} from '../../src/net/routes.js'

describe('lab binding', () => {
  it('--port-base N: five consecutive loopback ports in a fixed order', () => {
    const b = portBaseBinding(20000)
    assert.deepEqual(
      [b.https, b.smtp587, b.smtp25, b.imap993, b.pop995].map((a) => `${a.host}:${a.port}`),
      ['127.0.0.1:20000', '127.0.0.1:20001', '127.0.0.1:20002', '127.0.0.1:20003', '127.0.0.1:20004'],
    )
  })

  it('--real-ports: the real port on one address per service host', () => {
    const b = realPortsBinding('global', '127.9.8')
    assert.deepEqual(b.https, {host: '127.9.8.1', port: 443})
    assert.deepEqual([b.smtp587, b.smtp25], [{host: '127.9.8.2', port: 587}, {host: '127.9.8.2', port: 25}])
    assert.deepEqual([b.imap993, b.pop995], [{host: '127.9.8.3', port: 993}, {host: '127.9.8.3', port: 995}])
  })

  for (const cloud of CLOUDS) {
    it(`hosts-file lines name every ${cloud} host the product may use, once, and the network map agrees`, () => {
      const b = realPortsBinding(cloud, '127.9.8')
      const lines = hostsFileLines(b, cloud)
      const e = CLOUD_ENDPOINTS[cloud]
      const names = lines.flatMap((l) => l.split(' ').slice(1))
      assert.equal(new Set(names).size, names.length, lines.join('\n'))
      for (const host of [e.authorityHost, ...e.authorityAliases, e.graphHost, e.smtpHost, e.imapHost, e.popHost]) {
        const line = lines.find((l) => l.split(' ').slice(1).includes(host))
        assert.ok(line, `${host} in ${lines.join(' | ')}`)
      }
      // What the hosts file says equals where the doctor's own routes go.
      const map = buildNetworkMap(443, {smtp587: 587, smtp25: 25, imap993: 993, pop995: 995}, '', {
        https: b.https.host, smtp587: b.smtp587.host, smtp25: b.smtp25.host, imap993: b.imap993.host, pop995: b.pop995.host,
      })
      for (const [host, port] of [[e.smtpHost, 587], [e.imapHost, 993], [e.popHost, 995], [e.graphHost, 443]] as const) {
        const address = lines.find((l) => l.split(' ').slice(1).includes(host))!.split(' ')[0]
        assert.equal(routeFor(host, port, map)?.connectHost, address, `${host}:${port}`)
      }
      assert.equal(hostsFileLines(b, cloud, false).some((l) => l.includes(e.smtpHost)), false, 'no mail: no mail hosts')
    })
  }

  it('parses only loopback prefixes', () => {
    assert.equal(parseLoopbackPrefix('127.0.65'), '127.0.65')
    assert.equal(parseLoopbackPrefix('127.010.1'), '127.10.1')
    for (const bad of ['10.0.0', '127.0.0.1', '127.256.1', '127.0', 'x']) assert.equal(parseLoopbackPrefix(bad), undefined, bad)
  })

  it('a bind failure is one line with the cause and the way out', () => {
    const a = {host: '127.0.65.1', port: 443}
    assert.match(bindFailureLine('https', a, 'EACCES'), /^cannot bind 127\.0\.65\.1:443 \(https\): ports below 1024 need root or CAP_NET_BIND_SERVICE .*--port-base$/)
    assert.match(bindFailureLine('https', a, 'EADDRINUSE'), /in use/)
    for (const code of ['EACCES', 'EADDRINUSE', 'EADDRNOTAVAIL', 'EWHATEVER']) assert.ok(!bindFailureLine('https', a, code).includes('\n'))
  })
})

describe('smtp-legacy.office365.com', () => {
  it('answers as smtp.office365.com: routed, in the hosts-file lines, and its certificate names it', async () => {
    const {startLab} = await import('../../src/lab/start-lab.js')
    const {resolveScenario} = await import('../../src/lab/scenario/load-scenario.js')
    const {Transcript} = await import('./mail-transcript.js')
    assert.ok(hostsFileLines(realPortsBinding('global', '127.9.8'), 'global').includes('127.9.8.2 smtp.office365.com smtp-legacy.office365.com'))
    const lab = await startLab(await resolveScenario('healthy'))
    try {
      const route = routeFor('smtp-legacy.office365.com', 587, lab.network)
      assert.equal(route?.connectPort, lab.ports.smtp587)
      assert.equal(routeFor('smtp-legacy.office365.com', 25, lab.network)?.connectPort, lab.ports.smtp25)
      const t = await Transcript.plain(route!.connectPort)
      assert.match((await t.smtpReply())[0]!, /^220 \S+\.outlook\.office365\.com Microsoft ESMTP MAIL Service ready at /)
      t.write('EHLO client.example')
      await t.smtpReply()
      t.write('STARTTLS')
      assert.deepEqual(await t.smtpReply(), ['220 2.0.0 SMTP server ready'])
      const secure = await t.startTls(lab.network.caPem, 'smtp-legacy.office365.com')
      assert.equal(secure.authorized, true)
      t.close()
    } finally {
      await lab.close()
    }
  })
})
