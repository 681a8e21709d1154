#!/usr/bin/env node
// Lab timings, against the compiled code (run `npx tsc -p tsconfig.json` first):
//   - startLab(healthy) until it resolves, median of 10 (with and without the mail servers)
//   - the first token (includes waiting for the RSA key) and a warm token, through MSAL
// Usage: node scripts/bench-lab.mjs [--runs N]
import {ConfidentialClientApplication} from '@azure/msal-node'

import {fromDist, median} from './bench-support.mjs'

const {resolveScenario} = await fromDist('lab/scenario/load-scenario.js')
const {startLab} = await fromDist('lab/start-lab.js')
const {createRoutedNetworkClient} = await fromDist('net/msal-network-client.js')

const runsFlag = process.argv.indexOf('--runs')
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 10
const ms = (x) => `${x.toFixed(1)} ms`

const scenario = await resolveScenario('healthy')

async function benchStart(mail) {
  const starts = []
  const closes = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    const lab = await startLab(scenario, {mail})
    starts.push(performance.now() - t0)
    // Let this lab's RSA key finish, as any real use does (it signs a token), so the next start does not share
    // the CPU with it: startLab does not wait for the key, and close() does not either.
    await lab.verifyToken('x.y.z')
    const t1 = performance.now()
    await lab.close()
    closes.push(performance.now() - t1)
  }
  return {start: median(starts), close: median(closes)}
}

async function tokenOnce(lab) {
  const app = new ConfidentialClientApplication({
    auth: {clientId: scenario.client.clientId, clientSecret: scenario.client.clientSecret, authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com'},
    system: {networkClient: createRoutedNetworkClient(lab.network)},
  })
  const t = performance.now()
  await app.acquireTokenByClientCredential({scopes: [scenario.client.scope]})
  return performance.now() - t
}

let mailAvailable = true
try {
  await fromDist('lab/mail/index.js')
} catch {
  mailAvailable = false
}

const http = await benchStart(false)
console.log(`startLab (token + Graph only), median of ${RUNS}: ${ms(http.start)}   close: ${ms(http.close)}`)
if (mailAvailable) {
  const full = await benchStart(true)
  console.log(`startLab (with SMTP/IMAP/POP),  median of ${RUNS}: ${ms(full.start)}   close: ${ms(full.close)}`)
} else {
  console.log('startLab with mail servers: skipped (dist/src/lab/mail/index.js not built)')
}

const lab = await startLab(scenario, {mail: false})
try {
  console.log(`first token right after start (waits for the RSA key): ${ms(await tokenOnce(lab))}`)
  const warm = []
  for (let i = 0; i < RUNS; i++) warm.push(await tokenOnce(lab))
  console.log(`token, warm, median of ${RUNS}: ${ms(median(warm))}`)
} finally {
  await lab.close()
}

// The full round a product makes: a token, then SMTP, IMAP and POP XOAUTH2 logins (through the doctor's probes,
// which are real nodemailer/imapflow/POP clients), on a lab whose RSA key is ready. Logins run concurrently, as
// `check` runs them; the sequential figure is printed too.
if (mailAvailable) {
  const {smtpProbe} = await fromDist('probes/smtp-probe.js')
  const {imapProbe} = await fromDist('probes/imap-probe.js')
  const {popProbe} = await fromDist('probes/pop-probe.js')
  const full = await startLab(scenario)
  try {
    await tokenOnce(full) // key ready, MSAL warm
    const c = scenario.client
    const login = (token) => ({user: c.mailbox, token, map: full.network, timeoutMs: 5000})
    const round = async (parallel) => {
      const t0 = performance.now()
      const app = new ConfidentialClientApplication({
        auth: {clientId: c.clientId, clientSecret: c.clientSecret, authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com'},
        system: {networkClient: createRoutedNetworkClient(full.network)},
      })
      const {accessToken} = await app.acquireTokenByClientCredential({scopes: [c.scope]})
      const jobs = [
        () => smtpProbe({...login(accessToken), ...c.smtp}),
        () => imapProbe({...login(accessToken), ...c.imap}),
        () => popProbe({...login(accessToken), ...c.pop}),
      ]
      const results = parallel ? await Promise.all(jobs.map((j) => j())) : [await jobs[0](), await jobs[1](), await jobs[2]()]
      if (!results.every((r) => r.ok)) throw new Error(`a login failed: ${JSON.stringify(results.map((r) => r.error))}`)
      return performance.now() - t0
    }
    const par = []
    const seq = []
    for (let i = 0; i < RUNS; i++) par.push(await round(true))
    for (let i = 0; i < RUNS; i++) seq.push(await round(false))
    console.log(`full round token+SMTP+IMAP+POP, logins concurrent, median of ${RUNS}: ${ms(median(par))}`)
    console.log(`full round token+SMTP+IMAP+POP, logins one after another, median of ${RUNS}: ${ms(median(seq))}`)
  } finally {
    await full.close()
  }
}
