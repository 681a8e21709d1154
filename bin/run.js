#!/usr/bin/env node
// Entry point: oclif finds the compiled commands in dist/src/commands (see package.json "oclif").
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
