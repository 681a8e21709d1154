#!/usr/bin/env node
// Times `explain` on 1 MB of realistic mixed log (MSAL errors, SMTP/IMAP/POP transcripts, TLS noise, plenty of
// unrelated lines). Prints the median of 5 runs. Needs the build: `npx tsc -p tsconfig.json` first.
import {explainText} from '../dist/src/explain/explain-text.js'

const APP = '9a1b2c3d-0000-4000-8000-00000000abcd'
const G = () => crypto.randomUUID()
const lines = [
  () => `2024-03-20 10:27:50.123 INFO  [mailer] polling queue, ${Math.floor(Math.random() * 100)} messages waiting`,
  () => `2024-03-20 10:27:50.456 DEBUG [http] GET /api/v1/orders/${Math.floor(Math.random() * 1e6)} 200 12ms`,
  () => '2024-03-20 10:27:51.000 DEBUG [smtp] S: 220 SY5P282CA0097.outlook.office365.com Microsoft ESMTP MAIL Service ready at Sun, 23 Nov 2025 11:12:20 +0000 [08DE2A6028D26C22]',
  () => '2024-03-20 10:27:51.001 DEBUG [smtp] S: 250-AUTH LOGIN XOAUTH2',
  () => `2024-03-20 10:27:51.002 DEBUG [smtp] C: AUTH XOAUTH2 dXNlcj1zZW5kZXJAY29udG9zby5jb20BYXV0aD1CZWFyZXIg${'A'.repeat(60)}AQE=`,
  () => '2024-03-20 10:27:56.998 WARN  [smtp] S: 535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com 2024-03-20T10:27:56.998Z 08DC48BEE95C08E5]',
  () => `2024-03-20 10:27:57.000 ERROR [auth] ServerError: invalid_client: Error(s): 7000215 - Timestamp: 2024-03-20 10:27:51Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP}'. Trace ID: ${G()} Correlation ID: ${G()} Timestamp: 2024-03-20 10:27:51Z`,
  () => '2024-03-20 10:27:58.000 DEBUG [imap] S: * OK The Microsoft Exchange IMAP4 service is ready. [TQBSADEAUAAyADYANABDAEEAMAAxADQANgAuAEYAUgBBAFAAMgA2ADQALgBQAFIATwBEAC4ATwBVAFQATABPAE8ASwAuAEMATwBNAA==]',
  () => '2024-03-20 10:27:58.500 WARN  [imap] S: A1 NO AUTHENTICATE failed.',
  () => '2024-03-20 10:27:59.000 INFO  [pop] S: -ERR Authentication failure: unknown user name or bad password.',
  () => '2024-03-20 10:28:00.000 ERROR [tls] Error: C0D7A2F0B67F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
  () => '2024-03-20 10:28:01.000 INFO  [app] user logged in, session refreshed, certificate store loaded, timeout 30s, authentication module ok',
]
const weights = [30, 30, 3, 3, 2, 2, 1, 2, 2, 1, 1, 30]
let log = ''
while (log.length < 1_000_000) {
  const r = Math.random() * weights.reduce((a, b) => a + b)
  let acc = 0
  for (let i = 0; i < lines.length; i++) {
    acc += weights[i]
    if (r < acc) {
      log += lines[i]() + '\n'
      break
    }
  }
}

const times = []
let result
for (let i = 0; i < 5; i++) {
  const start = performance.now()
  result = explainText(log)
  times.push(performance.now() - start)
}
times.sort((a, b) => a - b)
console.log(
  `explain: ${(log.length / 1e6).toFixed(2)} MB, ${log.split('\n').length} lines, ${result.findings.length} findings, ` +
    `${result.findings.reduce((n, f) => n + f.occurrences, 0)} matches; median of 5: ${times[2].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[4].toFixed(1)})`,
)
console.log(`top cause: ${result.causes[0]?.id}`)
