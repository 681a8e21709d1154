// How every command talks to the terminal: colour, width and whether glyphs can be shown. One function, so
// `check`, `explain` and `decode` decide alike. Pure over what it is given (stream facts, environment, platform);
// the commands pass process.stdout, process.env and process.platform.

export interface TerminalOptions {
  color: boolean
  width: number
  /** Only ASCII from the renderer: no box-drawing, no ✓ ✗ · …. */
  ascii: boolean
}

export interface TerminalFacts {
  isTTY?: boolean
  /** What the terminal reports; 0 or undefined when it does not know (a pipe, some CI consoles). */
  columns?: number
  env: Record<string, string | undefined>
  platform: string
  /** --ascii / --no-ascii; undefined decides from the terminal. */
  ascii?: boolean
}

/** Narrower than this, every sentence wraps every few words: the text overflows instead. */
export const MIN_WIDTH = 60
/** Wider than this, lines get too long to read. */
export const MAX_WIDTH = 140
/** When nothing says how wide: a pipe, a file, a terminal reporting 0 columns. */
export const DEFAULT_WIDTH = 100

export function terminalOptions(facts: TerminalFacts): TerminalOptions {
  return {color: colorEnabled(facts), width: terminalWidth(facts), ascii: facts.ascii ?? !unicodeSupported(facts)}
}

/** The options for standard output of this process. */
export function stdoutTerminalOptions(ascii?: boolean): TerminalOptions {
  return terminalOptions({isTTY: process.stdout.isTTY, columns: process.stdout.columns, env: process.env, platform: process.platform, ascii})
}

/**
 * no-color.org: NO_COLOR set to any non-empty value disables colour. FORCE_COLOR (non-empty, not 0/false) forces
 * it into a pipe. Otherwise colour only on a terminal that is not TERM=dumb.
 */
export function colorEnabled({isTTY, env}: Pick<TerminalFacts, 'isTTY' | 'env'>): boolean {
  if (env.NO_COLOR) return false
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.toLowerCase())
  return Boolean(isTTY) && env.TERM !== 'dumb'
}

/** The terminal's own columns, else COLUMNS, else 100; never below 60 or above 140. */
export function terminalWidth({isTTY, columns, env}: Pick<TerminalFacts, 'isTTY' | 'columns' | 'env'>): number {
  const fromEnv = Number(env.COLUMNS)
  const reported = isTTY && columns && columns > 0 ? columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_WIDTH
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, reported))
}

/**
 * Whether the terminal can show ✓, ✗ and box-drawing. TERM=dumb and the Linux kernel console cannot. On Windows the
 * code page is not the question: Node writes to a console with WriteConsoleW (UTF-16), whatever `chcp` says, and a
 * pipe into PowerShell is decoded with [Console]::OutputEncoding, which is the OEM code page (437, 850…) unless the
 * user changed it. What decides is the console: the old console host's fonts lack the glyphs and pipes are not
 * UTF-8, so Windows gets ASCII unless a terminal known to be Unicode says it is there (Windows Terminal, VS Code,
 * JetBrains, ConEmu/cmder, an xterm-like TERM), the list of sindresorhus/is-unicode-supported.
 */
export function unicodeSupported({env, platform}: Pick<TerminalFacts, 'env' | 'platform'>): boolean {
  const term = env.TERM ?? ''
  if (term === 'dumb') return false
  if (platform !== 'win32') return term !== 'linux'
  return (
    Boolean(env.WT_SESSION) ||
    Boolean(env.TERMINUS_SUBLIME) ||
    env.ConEmuTask === '{cmd::Cmder}' ||
    env.TERM_PROGRAM === 'vscode' ||
    env.TERM_PROGRAM === 'Terminus-Sublime' ||
    env.TERMINAL_EMULATOR === 'JetBrains-JediTerm' ||
    ['xterm-256color', 'alacritty', 'rxvt-unicode', 'rxvt-unicode-256color'].includes(term)
  )
}
