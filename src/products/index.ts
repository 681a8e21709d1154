// The product profiles o365doctor speaks (`check --product`, `o365doctor products`).
import {InputError} from '../core/input-error.js'
import {cryptshare} from './cryptshare.js'
import {ebiss3} from './ebiss3.js'
import {enaio} from './enaio.js'
import {highstage} from './highstage.js'
import {rei3} from './rei3.js'
import {isProductId, PRODUCT_IDS, type ProductId, type ProductProfile} from './types.js'

export {PRODUCT_IDS, isProductId, type ProductId, type ProductProfile} from './types.js'

export const PRODUCTS: Record<ProductId, ProductProfile> = {ebiss3, enaio, highstage, rei3, cryptshare}

export function productById(id: string): ProductProfile {
  const key = id.trim().toLowerCase()
  if (!isProductId(key)) throw new InputError('--product', `unknown product "${id}" (expected one of: ${PRODUCT_IDS.join(', ')})`)
  return PRODUCTS[key]
}

/** One line per product: name, protocols, what its guide stresses. */
export function productLines(): {id: ProductId; name: string; protocols: string; roles: string[]; stresses: string}[] {
  return PRODUCT_IDS.map((id) => {
    const p = PRODUCTS[id]
    const names = p.protocols.map((x) => (x === 'pop' ? 'POP3' : x.toUpperCase()))
    return {id, name: p.name, protocols: names.join(p.protocolRule === 'all' ? ' + ' : ' and/or '), roles: [...p.roles], stresses: p.stresses}
  })
}
