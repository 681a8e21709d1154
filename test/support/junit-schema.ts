// The rules of the common JUnit schema (Jenkins' junit-10.xsd, which GitLab, Azure Pipelines and the GitHub
// test-report actions follow), element by element: no XSD validator ships with Node, so they are written out here.
// Shared by the single-target and the fleet JUnit tests.
import type {XmlElement} from './parse-xml.js'

/** junit-10.xsd: allowed attributes (required ones marked) and the child sequence, in order, per element. */
const XSD: Record<string, {attrs: string[]; required?: string[]; children: {name: string; max: number}[]; text?: boolean}> = {
  testsuites: {attrs: ['name', 'time', 'tests', 'failures', 'disabled', 'errors'], children: [{name: 'testsuite', max: Infinity}]},
  testsuite: {
    attrs: ['name', 'tests', 'failures', 'errors', 'time', 'disabled', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url', 'version'],
    required: ['name', 'tests'],
    children: [{name: 'properties', max: 1}, {name: 'testcase', max: Infinity}, {name: 'system-out', max: 1}, {name: 'system-err', max: 1}],
  },
  properties: {attrs: [], children: [{name: 'property', max: Infinity}]},
  property: {attrs: ['name', 'value'], required: ['name', 'value'], children: []},
  testcase: {
    attrs: ['name', 'assertions', 'time', 'classname', 'status', 'file', 'line'],
    required: ['name'],
    children: [{name: 'skipped', max: 1}, {name: 'error', max: Infinity}, {name: 'failure', max: Infinity}, {name: 'system-out', max: Infinity}, {name: 'system-err', max: Infinity}],
  },
  skipped: {attrs: ['message'], children: [], text: true},
  error: {attrs: ['message', 'type'], children: [], text: true},
  failure: {attrs: ['message', 'type'], children: [], text: true},
  'system-out': {attrs: [], children: [], text: true},
  'system-err': {attrs: [], children: [], text: true},
}

export function validate(element: XmlElement, path = element.name): string[] {
  const rule = XSD[element.name]
  if (!rule) return [`${path}: element not in the schema`]
  const problems: string[] = []
  for (const attr of Object.keys(element.attributes)) if (!rule.attrs.includes(attr)) problems.push(`${path}: attribute ${attr} not allowed`)
  for (const attr of rule.required ?? []) if (!(attr in element.attributes)) problems.push(`${path}: attribute ${attr} missing`)
  for (const attr of ['tests', 'failures', 'errors', 'skipped', 'disabled'])
    if (attr in element.attributes && !/^\d+$/.test(element.attributes[attr]!)) problems.push(`${path}: ${attr} is not a count`)
  if ('time' in element.attributes && !/^\d+(\.\d+)?$/.test(element.attributes.time!)) problems.push(`${path}: time is not a decimal`)
  // Children follow the sequence, each within its maxOccurs.
  let step = 0
  let seen = 0
  for (const child of element.children) {
    while (step < rule.children.length && rule.children[step]!.name !== child.name) {
      step++
      seen = 0
    }
    if (step === rule.children.length) {
      problems.push(`${path}: <${child.name}> out of order or not allowed`)
      break
    }
    if (++seen > rule.children[step]!.max) problems.push(`${path}: too many <${child.name}>`)
    problems.push(...validate(child, `${path}/${child.name}`))
  }
  return problems
}
