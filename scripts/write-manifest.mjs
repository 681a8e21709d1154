#!/usr/bin/env node
// Writes oclif.manifest.json after a build, so `o365doctor --version` and `--help` start without importing every
// command (and MSAL, imapflow, nodemailer behind them). oclif reads the manifest when its version matches.
import {Config} from '@oclif/core'
import {writeFileSync, rmSync} from 'node:fs'

rmSync('oclif.manifest.json', {force: true}) // never build a manifest from a stale one
const config = await Config.load(process.cwd())
const plugin = config.plugins.get(config.pjson.name)
if (!plugin) throw new Error(`write-manifest: plugin ${config.pjson.name} not found`)
const manifest = plugin.manifest
writeFileSync('oclif.manifest.json', JSON.stringify(manifest, null, 2) + '\n')
console.log(`oclif.manifest.json: ${Object.keys(manifest.commands).length} commands (${Object.keys(manifest.commands).join(', ')})`)
