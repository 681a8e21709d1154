import {startMailStack, SMTP_HOST} from './harness/index.js'
import {smtpProbe} from '../../src/probes/index.js'
import {stopPid, readPidFile} from './harness/processes.js'
const s = await startMailStack()
try {
  const ep = {host: SMTP_HOST, port: 587, tls: 'starttls' as const}
  const run = async (label: string) => {
    const t = Date.now()
    const r = await smtpProbe({...ep, user: s.mailbox, token: s.token, map: s.network, timeoutMs: 5000})
    console.log(label, Date.now() - t, 'ms', r.ok, JSON.stringify(r.error), r.transcript.map(l => l.dir + ' ' + l.text).join('\n'))
  }
  await run('warm')
  const t = Date.now()
  await stopPid(readPidFile(s.paths.dovecotBase + '/master.pid')!, 8000)
  console.log('dovecot stopped in', Date.now() - t)
  await run('dovecot gone')
  await run('dovecot gone 2')
} finally { console.log(s.logs().slice(-1500)); await s.close() }
