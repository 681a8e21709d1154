import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {colorEnabled, terminalOptions, terminalWidth, unicodeSupported} from '../../src/io/terminal-options.js'

const linux = (env: Record<string, string | undefined> = {}, rest: {isTTY?: boolean; columns?: number; ascii?: boolean} = {}) =>
  terminalOptions({env: {TERM: 'xterm-256color', ...env}, platform: 'linux', isTTY: true, columns: 120, ...rest})

describe('terminalOptions: one decision for every command', () => {
  it('colour: NO_COLOR with any non-empty value disables it; empty NO_COLOR does not (no-color.org)', () => {
    assert.equal(linux().color, true)
    assert.equal(linux({NO_COLOR: '1'}).color, false)
    assert.equal(linux({NO_COLOR: 'false'}).color, false)
    assert.equal(linux({NO_COLOR: ''}).color, true)
  })

  it('colour: only on a terminal that is not dumb, unless FORCE_COLOR says otherwise', () => {
    assert.equal(linux({}, {isTTY: false}).color, false)
    assert.equal(linux({TERM: 'dumb'}).color, false)
    assert.equal(colorEnabled({isTTY: false, env: {FORCE_COLOR: '1'}}), true)
    assert.equal(colorEnabled({isTTY: true, env: {FORCE_COLOR: '0'}}), false)
    assert.equal(colorEnabled({isTTY: true, env: {FORCE_COLOR: '1', NO_COLOR: '1'}}), false)
  })

  it('width: the terminal, else COLUMNS, else 100; 0 columns is "unknown", never a width of 0 or 10', () => {
    assert.equal(linux().width, 120)
    assert.equal(linux({}, {columns: 0}).width, 100)
    assert.equal(linux({COLUMNS: '0'}, {columns: 0}).width, 100)
    assert.equal(linux({COLUMNS: '90'}, {columns: 0}).width, 90)
    assert.equal(linux({COLUMNS: '90'}, {isTTY: false, columns: undefined}).width, 90)
    assert.equal(linux({COLUMNS: 'abc'}, {isTTY: false}).width, 100)
    assert.equal(terminalWidth({isTTY: true, columns: 10, env: {}}), 60)
    assert.equal(terminalWidth({isTTY: true, columns: 400, env: {}}), 140)
  })

  it('ascii: forced by --ascii / --no-ascii, else TERM=dumb, the Linux console, and Windows consoles not known to be Unicode', () => {
    assert.equal(linux().ascii, false)
    assert.equal(linux({}, {ascii: true}).ascii, true)
    assert.equal(linux({TERM: 'dumb'}).ascii, true)
    assert.equal(linux({TERM: 'dumb'}, {ascii: false}).ascii, false)
    assert.equal(linux({TERM: 'linux'}).ascii, true)
    assert.equal(unicodeSupported({env: {}, platform: 'win32'}), false)
    assert.equal(unicodeSupported({env: {WT_SESSION: 'abc'}, platform: 'win32'}), true)
    assert.equal(unicodeSupported({env: {TERM_PROGRAM: 'vscode'}, platform: 'win32'}), true)
    assert.equal(unicodeSupported({env: {}, platform: 'darwin'}), true)
  })
})

describe('explain and decode follow the same ASCII decision', () => {
  it('no box-drawing or symbols from the renderer in ASCII mode', async () => {
    const {explainText} = await import('../../src/explain/explain-text.js')
    const {renderExplain} = await import('../../src/explain/render.js')
    const result = explainText('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.', {values: {}})
    const unicode = renderExplain(result, {color: false, width: 80})
    assert.match(unicode, /[┌│]/, 'box-drawing by default (the test can fail)')
    const ascii = renderExplain(result, {color: false, width: 80, ascii: true})
    // '…' and '·' may be in the catalogue's own words; the renderer's borders and marks must not be there.
    assert.doesNotMatch(ascii, /[┌┐└┘│─├┤┬┴┼✓✗]/)
    assert.match(ascii, /^\+-+\+/m)
  })
})
