#!/usr/bin/env node
// Entry point: oclif finds the compiled commands in dist/src/commands (see package.json "oclif").
// Its debug lines (DEBUG=*) go through a logger that masks the command line's secrets.
import {fileURLToPath} from 'node:url'
import {execute} from '@oclif/core'
import {scrubbingLogger} from '../dist/src/base-command.js'

await execute({loadOptions: {root: fileURLToPath(import.meta.url), logger: scrubbingLogger()}})
