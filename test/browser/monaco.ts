/**
 * Driving the Monaco code editor as a learner does: keyboard and mouse only, reading what is drawn.
 * Monaco draws only the lines in view, so readers here suit programs that fit in the editor.
 */
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/** Monaco's input element (an EditContext div in Chromium): focusable, but drawn 0 px wide. */
export function editorInput(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Code editor' })
}

/** Wait until Monaco has loaded and drawn its first line. */
export async function waitForEditor(page: Page): Promise<void> {
  await editorInput(page).waitFor({ state: 'attached', timeout: 20_000 })
  await page.locator('.monaco-editor .view-line').first().waitFor({ timeout: 20_000 })
}

/**
 * The drawn lines' text, top to bottom (Monaco draws spaces as U+00A0), without the "×N alive" hints
 * drawn after them. Lines are drawn in whatever DOM order Monaco likes, so they are ordered by position;
 * a line the editor wraps is drawn as several rows and joined back into one, after the row that carries
 * its number in the gutter.
 */
export async function editorLines(page: Page): Promise<string[]> {
  return page.locator('.monaco-editor').first().evaluate((editor) => {
    const numbered = [...editor.querySelectorAll<HTMLElement>('.line-numbers')]
      .filter((n) => (n.textContent ?? '').trim() !== '')
      .map((n) => n.getBoundingClientRect().top)
    const rows = [...editor.querySelectorAll<HTMLElement>('.view-lines .view-line')]
      .map((row) => {
        const copy = row.cloneNode(true) as HTMLElement
        for (const hint of copy.querySelectorAll('.leaklab-alive')) hint.remove()
        return { top: row.getBoundingClientRect().top, text: (copy.textContent ?? '').replaceAll('\u00a0', ' ') }
      })
      .sort((a, b) => a.top - b.top)
    const lines: string[] = []
    for (const row of rows) {
      // A row starts a line when a line number is drawn level with it; otherwise it continues the last.
      const starts = lines.length === 0 || numbered.some((top) => Math.abs(top - row.top) < 2)
      if (starts) lines.push(row.text)
      else lines[lines.length - 1] += row.text
    }
    return lines
  })
}

export async function editorText(page: Page): Promise<string> {
  return (await editorLines(page)).join('\n')
}

/**
 * Replace the whole program: select all, then paste the text, as a learner pasting a program does.
 * (Typing it, even as one input-method insertion, would auto-indent each new line.)
 */
export async function setCode(page: Page, source: string): Promise<void> {
  const input = editorInput(page)
  await input.focus()
  await page.keyboard.press('ControlOrMeta+A')
  // Monaco ignores an empty paste.
  if (source === '') await page.keyboard.press('Delete')
  // A paste event carrying the text: the system clipboard is not for tests to touch.
  else await input.evaluate((element, text) => {
    const data = new DataTransfer()
    data.setData('text/plain', text)
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, source)
  // Only what is in view can be read back; that much must match.
  const shown = source.split('\n').slice(0, 10)
  await expect.poll(async () => (await editorLines(page)).slice(0, shown.length)).toEqual(shown)
}

/** The box of line `line`'s number in the gutter: where that line is drawn, vertically. */
export async function lineBox(page: Page, line: number): Promise<{ top: number; bottom: number }> {
  const box = await page.locator('.monaco-editor .line-numbers').getByText(String(line), { exact: true }).boundingBox()
  if (!box) throw new Error(`line ${line} is not drawn`)
  return { top: box.y, bottom: box.y + box.height }
}

/** Which drawn line (1-based) the middle of an element is on. */
export async function lineOf(page: Page, element: Locator): Promise<number> {
  const box = await element.boundingBox()
  if (!box) throw new Error('the element is not drawn')
  const middle = box.y + box.height / 2
  const numbers = await page.locator('.monaco-editor .line-numbers').evaluateAll((nodes) =>
    nodes.map((n) => ({ line: Number(n.textContent), rect: n.getBoundingClientRect() })).map(({ line, rect }) => ({ line, top: rect.top, bottom: rect.bottom })),
  )
  const hit = numbers.find((n) => middle >= n.top && middle < n.bottom)
  if (!hit) throw new Error(`nothing drawn at y=${middle}`)
  return hit.line
}

/** The texts of the completion list's rows, once it shows. */
export async function suggestions(page: Page): Promise<string[]> {
  const rows = page.locator('.suggest-widget .monaco-list-row .label-name')
  await rows.first().waitFor({ timeout: 15_000 })
  return rows.allInnerTexts()
}

/** WCAG contrast ratio of two sRGB colours, each [r, g, b] in 0..255. */
export function contrast(a: number[], b: number[]): number {
  const luminance = (rgb: number[]) => {
    const [r, g, bl] = rgb.map((v) => {
      const c = v / 255
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/**
 * The text colour of element, and the colour behind it: its own background composited over the
 * editor's (both as the browser computed them).
 */
export async function colours(element: Locator): Promise<{ text: number[]; background: number[] }> {
  return element.evaluate((node) => {
    const parse = (css: string) => {
      // Chromium computes colours as rgb(...), rgba(...), or color(srgb r g b / a) for some inputs.
      const numbers = (css.match(/[\d.]+/g) ?? []).map(Number)
      const srgb = css.startsWith('color(')
      const [r, g, b] = numbers.slice(0, 3).map((v) => (srgb ? v * 255 : v))
      return { rgb: [r, g, b], alpha: numbers[3] ?? 1 }
    }
    const editor = node.closest('.monaco-editor')!.querySelector('.monaco-editor-background')!
    const base = parse(getComputedStyle(editor).backgroundColor).rgb
    const own = parse(getComputedStyle(node).backgroundColor)
    const background = base.map((v, i) => own.rgb[i] * own.alpha + v * (1 - own.alpha))
    return { text: parse(getComputedStyle(node).color).rgb, background }
  })
}
