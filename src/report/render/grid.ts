// A bordered table from cells that are already wrapped (and possibly painted), in cli-table3's layout. Our own,
// because cli-table3's layout time grows far faster than its input: a 40-line cell took 7 s, an 80-line one 36 s
// (measured, cli-table3 0.6.5). This is linear in the text. Cells are arrays of lines no wider than their column
// less its two padding spaces; a wider line makes its row wider instead of being cut (nothing is ever hidden).

import {displayWidth} from './text.js'

export type Align = 'left' | 'right'

export interface GridChars {
  top: string; 'top-mid': string; 'top-left': string; 'top-right': string
  bottom: string; 'bottom-mid': string; 'bottom-left': string; 'bottom-right': string
  left: string; 'left-mid': string; mid: string; 'mid-mid': string; right: string; 'right-mid': string; middle: string
}

export const BOX_CHARS: GridChars = {
  top: '─', 'top-mid': '┬', 'top-left': '┌', 'top-right': '┐',
  bottom: '─', 'bottom-mid': '┴', 'bottom-left': '└', 'bottom-right': '┘',
  left: '│', 'left-mid': '├', mid: '─', 'mid-mid': '┼', right: '│', 'right-mid': '┤', middle: '│',
}

export interface GridOptions {
  /** Column widths including the one-space padding on each side. */
  widths: number[]
  aligns?: Align[]
  chars?: Partial<GridChars>
}

/** head and rows: one entry per column, each a list of lines. A separator line follows the head and every row. */
export function drawGrid(head: string[][], rows: string[][][], options: GridOptions): string {
  const c: GridChars = {...BOX_CHARS, ...options.chars}
  const {widths} = options
  const rule = (left: string, mid: string, right: string, fill: string) =>
    left + widths.map((w) => fill.repeat(w)).join(mid) + right
  const out: string[] = [rule(c['top-left'], c['top-mid'], c['top-right'], c.top)]
  const all = [head, ...rows]
  all.forEach((row, index) => {
    const height = Math.max(1, ...row.map((cell) => cell.length))
    for (let line = 0; line < height; line++) {
      const cells = widths.map((w, col) => {
        const text = row[col]?.[line] ?? ''
        const gap = ' '.repeat(Math.max(0, w - 2 - displayWidth(text)))
        return ` ${options.aligns?.[col] === 'right' ? gap + text : text + gap} `
      })
      out.push(c.left + cells.join(c.middle) + c.right)
    }
    if (index < all.length - 1) out.push(rule(c['left-mid'], c['mid-mid'], c['right-mid'], c.mid))
  })
  out.push(rule(c['bottom-left'], c['bottom-mid'], c['bottom-right'], c.bottom))
  return out.join('\n')
}
