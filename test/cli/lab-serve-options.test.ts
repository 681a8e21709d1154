// `lab serve` for a vendor's product: --port-base (fixed ports), --real-ports (real ports on unusual loopback
// addresses, hosts-file lines; refused in one line without the privilege), --ca-out (PEM + DER), --log (the wire,
// redacted). Spawns the built CLI; each lab is stopped with SIGINT and its ports checked closed.

import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {chmod, mkdtemp, readFile, rm} from 'node:fs/promises'
import net from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, describe, it} from 'node:test'
import {runCli} from '../support/cli.js'
import {freePortBase, portOpen, serveLab} from '../support/lab-serve.js'
import {Transcript} from '../lab/mail-transcript.js'

const dirs: string[] = []
after(() => Promise.all(dirs.map((d) => rm(d, {recursive: true, force: true}))))
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'o365doctor-serve-'))
  dirs.push(d)
  return d
}

const FAKE_TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJsYWItdGVzdCJ9.c2lnbmF0dXJlLW5vdC1yZWFs'
const XOAUTH2 = Buffer.from(`user=sender@contoso.com\x01auth=Bearer ${FAKE_TOKEN}\x01\x01`).toString('base64')

describe('lab serve --port-base, --ca-out, --log', () => {
  it('serves on N..N+4, writes the CA as PEM and DER, logs the POP dialogue without the token', async () => {
    const base = await freePortBase()
    const dir = await tempDir()
    const log = join(dir, 'lab.log')
    const lab = await serveLab(['healthy', '--port-base', String(base), '--ca-out', join(dir, 'ca'), '--log', log])
    let code: number | null
    try {
      assert.match(lab.out, new RegExp(`login\\.microsoftonline\\.com:443 .*-> 127\\.0\\.0\\.1:${base}\\b`))
      assert.match(lab.out, new RegExp(`smtp\\.office365\\.com:587 -> 127\\.0\\.0\\.1:${base + 1}\\b`))
      assert.match(lab.out, new RegExp(`smtp\\.office365\\.com:25 -> 127\\.0\\.0\\.1:${base + 2}\\b`))
      assert.match(lab.out, new RegExp(`outlook\\.office365\\.com:993 -> 127\\.0\\.0\\.1:${base + 3}\\b`))
      assert.match(lab.out, new RegExp(`outlook\\.office365\\.com:995 -> 127\\.0\\.0\\.1:${base + 4}\\b`))
      const pem = await readFile(join(dir, 'ca', 'lab-ca.pem'), 'utf8')
      const der = await readFile(join(dir, 'ca', 'lab-ca.der'))
      assert.deepEqual(new X509Certificate(der).raw, new X509Certificate(pem).raw)
      assert.ok(new X509Certificate(pem).ca)
      // Trust per runtime, with the files just written.
      for (const text of [`NODE_EXTRA_CA_CERTS=${join(dir, 'ca', 'lab-ca.pem')}`, `SSL_CERT_FILE=`, '--cacert ', 'keytool -importcert', '-Djavax.net.ssl.trustStore=', 'certutil -user -addstore Root', 'Import-Certificate', 'certutil -user -delstore Root']) {
        assert.ok(lab.out.includes(text), `trust instructions name ${text}`)
      }
      assert.match(lab.out, new RegExp(`-delstore Root "${new X509Certificate(pem).subject.replace(/^CN=/, '').replace(/[()]/g, '\\$&')}"`))
      // The POP port answers with the CA from --ca-out, as outlook.office365.com; the one-line form is refused.
      const one = await Transcript.tls(base + 4, pem, 'outlook.office365.com')
      assert.match(await one.line(), /^\+OK The Microsoft Exchange POP3 service is ready\./)
      one.write(`AUTH XOAUTH2 ${XOAUTH2}`)
      assert.equal(await one.line(), '-ERR Protocol error. Connection is closed. 10')
      const two = await Transcript.tls(base + 4, pem, 'outlook.office365.com')
      await two.line()
      two.write('AUTH XOAUTH2')
      assert.equal(await two.line(), '+ ')
      two.write(XOAUTH2)
      assert.equal(await two.line(), '-ERR Authentication failure: unknown user name or bad password.')
      two.close()
    } finally {
      code = await lab.stop()
    }
    assert.equal(code, 0, lab.out)
    assert.equal(await portOpen('127.0.0.1', base + 4), false, 'ports closed after Ctrl+C')
    const text = await readFile(log, 'utf8')
    assert.ok(!text.includes(FAKE_TOKEN) && !text.includes(XOAUTH2), 'the log holds no token and no XOAUTH2 string')
    assert.match(text, /^\S+Z pop:995 \S+ C AUTH XOAUTH2 <XOAUTH2 user=sender@contoso\.com, token redacted>$/m)
    assert.match(text, /^\S+Z pop:995 \S+ S -ERR Protocol error\. Connection is closed\. 10$/m)
    assert.match(text, /^\S+Z pop:995 \S+ C <XOAUTH2 user=sender@contoso\.com, token redacted>$/m)
    assert.match(text, /^\S+Z note pop:995 \S+ AUTH XOAUTH2 user=sender@contoso\.com → refused: /m)
  })

  it('a port in use: exit 2 and one line naming it', async () => {
    // Five free ports below the ephemeral range (an ephemeral port's neighbours may be other tests' connections);
    // the blocked one is the POP port (N+4).
    const base = await freePortBase()
    const port = base + 4
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    try {
      const r = await runCli(['lab', 'serve', 'healthy', '--port-base', String(base)])
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
      assert.match(r.stderr, new RegExp(`cannot bind 127\\.0\\.0\\.1:${port} \\(pop995\\): the address is in use`))
    } finally {
      blocker.close()
    }
  })

  it('bad values: exit 2, one line', async () => {
    for (const [args, pattern] of [
      [['--port-base', '80'], /--port-base 80: must be 1024-65531/],
      [['--port-base', '65535'], /--port-base 65535: must be/],
      [['--real-ports', '--loopback', '10.0.0'], /--loopback 10\.0\.0: expected three octets of a loopback address/],
      [['--real-ports', '--port-base', '30000'], /cannot also be provided|--port-base/],
    ] as const) {
      const r = await runCli(['lab', 'serve', 'healthy', ...args])
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
      assert.match(r.stderr, pattern)
    }
  })
})

describe('lab serve --real-ports', () => {
  const prefix = `127.${200 + (process.pid % 50)}.${(process.pid >> 6) % 250}`
  const isRoot = process.getuid?.() === 0

  it('binds 443, 587, 25, 993, 995 on the prefix .1-.3 and prints the hosts-file lines (or refuses in one line without the privilege)', async () => {
    const lab = await serveLab(['healthy', '--real-ports', '--loopback', prefix])
    const code = lab.child.exitCode === null ? undefined : lab.child.exitCode
    if (!isRoot && code === 2) {
      assert.match(lab.out, /ports below 1024 need root or CAP_NET_BIND_SERVICE/)
      return
    }
    try {
      assert.ok(lab.out.includes(`  ${prefix}.1 login.microsoftonline.com login.windows.net login.microsoft.com sts.windows.net graph.microsoft.com`), lab.out)
      assert.ok(lab.out.includes(`  ${prefix}.2 smtp.office365.com`))
      assert.ok(lab.out.includes(`  ${prefix}.3 outlook.office365.com`))
      for (const [host, port] of [[`${prefix}.1`, 443], [`${prefix}.2`, 587], [`${prefix}.2`, 25], [`${prefix}.3`, 993], [`${prefix}.3`, 995]] as const) {
        assert.equal(await portOpen(host, port), true, `${host}:${port}`)
      }
    } finally {
      assert.equal(await lab.stop(), 0)
    }
    assert.equal(await portOpen(`${prefix}.1`, 443), false)
  })

  it('without root or CAP_NET_BIND_SERVICE: exit 2 and one line that says so', async (t) => {
    if (!isRoot) return t.skip('runs as root only (it drops to nobody to show the refusal)')
    const home = await tempDir()
    await chmod(home, 0o777) // oclif writes its cache under HOME
    const nobody = {uid: 65534, gid: 65534, home}
    const lab = await serveLab(['healthy', '--real-ports', '--loopback', prefix], nobody)
    const code = await lab.stop()
    assert.equal(code, 2, lab.out)
    const lines = lab.out.trim().split('\n')
    assert.equal(lines.length, 1, lab.out)
    assert.match(lines[0]!, new RegExp(`cannot bind ${prefix.replace(/\./g, '\\.')}\\.\\d:\\d+ \\(\\w+\\): ports below 1024 need root or CAP_NET_BIND_SERVICE`))
  })
})
