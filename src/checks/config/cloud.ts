// config.cloud: authority, scope and mail hosts all belong to one Microsoft cloud.
import {buildCause} from '../../diagnosis/catalogue.js'
import {CLOUD_ENDPOINTS, cloudsOfExchangeResource, cloudsOfHost, type Cloud} from '../../core/cloud.js'
import {hostOf} from '../../settings/load-settings.js'
import {PROTOCOLS} from '../../core/protocol.js'
import type {Check} from '../check.js'
import {fixValuesFromSettings} from './fix-values.js'
import {outcomeFromCauses} from './outcome.js'
import {splitScope} from './scope.js'

export const configCloud: Check = {
  id: 'config.cloud',
  title: 'Token URL, scope and hosts are of one cloud',
  async run({settings}) {
    const cloud = settings.cloud
    const seen: {setting: string; value: string; clouds: Cloud[]}[] = []
    if (settings.tokenUrl) seen.push({setting: 'tokenUrl', value: hostOf(settings.tokenUrl), clouds: cloudsOfHost(hostOf(settings.tokenUrl))})
    seen.push({setting: 'scope', value: settings.scope, clouds: cloudsOfExchangeResource(splitScope(settings.scope).resource)})
    for (const p of PROTOCOLS) {
      const endpoint = settings[p]
      if (endpoint) seen.push({setting: `${p}.host`, value: endpoint.host, clouds: cloudsOfHost(endpoint.host)})
    }
    // Only values that belong to some cloud can disagree about the cloud; unknown hosts are other checks' job.
    const foreign = seen.filter((s) => s.clouds.length > 0 && !s.clouds.includes(cloud))
    const evidence = {cloud, values: seen.map((s) => ({setting: s.setting, value: s.value, clouds: s.clouds}))}
    if (foreign.length === 0) return {status: 'pass', summary: `everything points at ${CLOUD_ENDPOINTS[cloud].label}`, evidence}
    const list = foreign.map((f) => `${f.setting} ${f.value} is ${f.clouds.join('/')}`).join(', ')
    return outcomeFromCauses([buildCause('config.cloud-mismatch', {
      confidence: 'certain',
      summary: `Settings mix clouds: the cloud is ${cloud}, but ${list}`,
      evidence, checks: ['config.cloud'],
    }, {...fixValuesFromSettings(settings), cloudDetail: list})], '', evidence)
  },
}
