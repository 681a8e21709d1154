// graph.federation: the app's federated identity credentials (§8.2.3), and which one matches the presented token.
// Runs only when Graph is readable, i.e. the token was issued; lists the credentials so the engineer sees the trust.
import type {Check} from '../check.js'
import {presentedCredential} from '../token/acquire.js'
import {closestFederatedCredential, type RegisteredFederatedCredential} from '../token/credential-failure.js'
import {describeGraphFailure} from './access.js'
import {graphFacts} from './facts.js'

export const graphFederation: Check = {
  id: 'graph.federation',
  title: 'Federated identity credential that matches the presented token',
  needs: ['graph.access'],
  applies: ({settings}) => settings.federatedToken !== undefined,
  async run(ctx) {
    const facts = graphFacts(ctx)
    const app = facts?.application
    if (!facts || !app) return {status: 'warn', summary: 'not checked: the app registration could not be read (Application.Read.All would allow it)'}
    const list = await facts.reader.get<{value?: RegisteredFederatedCredential[]}>(`/applications/${app.id}/federatedIdentityCredentials`)
    if (!list.ok) return {status: 'warn', summary: `not checked: ${describeGraphFailure(list.failure)} (Application.Read.All would allow it)`}
    const registered = (list.value.value ?? []).slice(0, 100).map((c) => ({name: c.name, issuer: c.issuer, subject: c.subject, audiences: c.audiences}))
    const presented = presentedCredential(ctx)
    const claims = presented?.ok ? presented.federated ?? {} : {}
    const match = registered.find((c) => c.issuer === claims.issuer && c.subject === claims.subject && claims.audience !== undefined && c.audiences?.includes(claims.audience))
    const evidence = {presented: claims, credentials: registered}
    if (match) return {status: 'pass', summary: `"${match.name}" matches: issuer ${match.issuer}, subject ${match.subject}`, evidence}
    const closest = closestFederatedCredential(claims, registered)
    return {status: 'pass', summary: `the token was accepted, but none of the ${registered.length} credential(s) matches it exactly${closest ? ` (closest: "${closest.name}")` : ''}`, evidence}
  },
}
