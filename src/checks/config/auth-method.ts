// config.auth: the product authenticates with an OAuth token (XOAUTH2), not a password, and authenticates at all.
import {buildCause} from '../../diagnosis/catalogue.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from '../../diagnosis/fix-values.js'
import {outcomeFromCauses} from './outcome.js'

export const configAuthMethod: Check = {
  id: 'config.auth',
  title: 'Product authenticates with OAuth (XOAUTH2)',
  async run({settings}) {
    const evidence = {auth: settings.auth}
    if (settings.auth === 'basic') {
      return outcomeFromCauses([buildCause('config.basic-auth', {
        confidence: 'certain',
        // §8.3, §8.4.1: security defaults and authentication policies block password SMTP AUTH (never XOAUTH2);
        // the service-wide retirement is on hold, so "no longer accepts" would overstate it.
        summary: 'The product is set to authenticate with a password (basic authentication): security defaults, authentication policies (AllowBasicAuthSmtp off, the default) and Conditional Access block it, and Microsoft is retiring it for SMTP AUTH; app-only OAuth (XOAUTH2) is not affected by any of these',
        evidence, checks: ['config.auth'],
      }, fixValuesFromSettings(settings))], '', evidence)
    }
    if (settings.auth === 'none' && settings.protocols.includes('smtp')) {
      return outcomeFromCauses([buildCause('config.no-smtp-auth', {
        confidence: 'certain',
        summary: 'The product sends mail without authenticating; Exchange Online refuses it with 530 5.7.57',
        evidence, checks: ['config.auth'],
      }, fixValuesFromSettings(settings))], '', evidence)
    }
    return {status: 'pass', summary: settings.auth === 'oauth2' ? 'OAuth 2.0 client credentials (XOAUTH2)' : 'no authentication (receive-only)', evidence}
  },
}
