// graph.secrets: the client secret in use (matched by Graph's `hint`, its first characters) does not expire
// within the warning window. Other secrets of the app are listed but do not warn.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {graphFacts} from './facts.js'

const DAY_MS = 86_400_000

export const graphSecrets: Check = {
  id: 'graph.secrets',
  title: 'Client secret is not about to expire',
  needs: ['graph.access'],
  applies: ({settings}) => settings.clientSecret !== undefined,
  async run(ctx) {
    const {settings, options} = ctx
    const facts = graphFacts(ctx)
    if (!facts) return {status: 'warn', summary: 'not checked: Microsoft Graph could not be read (see graph.access)'}
    const app = facts.application
    if (!app?.passwordCredentials) return {status: 'warn', summary: 'not checked: the app registration could not be read (Application.Read.All would allow it)'}
    const value = settings.clientSecret!.reveal()
    const now = options.now().getTime()
    const secrets = app.passwordCredentials.map((c) => ({
      keyId: c.keyId, displayName: c.displayName ?? undefined, hint: c.hint ?? undefined, endDateTime: c.endDateTime ?? undefined,
      inUse: Boolean(c.hint && value.startsWith(c.hint)),
      daysLeft: c.endDateTime ? Math.floor((Date.parse(c.endDateTime) - now) / DAY_MS) : undefined,
    }))
    // Graph hints are 3 characters: several secrets can share one; all of them count as "maybe in use".
    const inUse = secrets.filter((s) => s.inUse)
    const evidence = {secrets, warningDays: options.secretWarningDays}
    const expiring = inUse.filter((s) => s.daysLeft !== undefined && s.daysLeft >= 0 && s.daysLeft <= options.secretWarningDays)
    if (expiring.length > 0) {
      const soonest = expiring.sort((a, b) => a.daysLeft! - b.daysLeft!)[0]!
      return {
        status: 'warn', summary: `the client secret in use expires in ${soonest.daysLeft} days (${soonest.endDateTime})`, evidence,
        causes: [buildCause('graph.secret-expiring', {
          confidence: inUse.length === 1 ? 'certain' : 'likely',
          summary: `The client secret expires in ${soonest.daysLeft} days, on ${soonest.endDateTime?.slice(0, 10)}`,
          evidence, checks: ['graph.secrets'],
        }, {...fixValuesFromSettings(settings), secretExpires: soonest.endDateTime})],
      }
    }
    const mine = inUse[0]
    return {status: 'pass', summary: mine ? `the secret in use expires in ${mine.daysLeft} days` : `${secrets.length} secret(s); none expires within ${options.secretWarningDays} days`, evidence}
  },
}
