// Parses XML with saxes, a strict XML 1.0 well-formedness parser (jsdom's), into a small tree so tests can
// assert on decoded attribute values and text. Any well-formedness error throws, with its line and column.
// (fast-xml-parser's XMLValidator was tried first: it accepts `<` in attribute values, NUL characters, `]]>` in
// text and several root elements, exactly the mistakes a JUnit writer makes.)

import {SaxesParser} from 'saxes'

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser()
  const errors: string[] = []
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  parser.on('error', (error) => errors.push(error.message))
  parser.on('opentag', (tag) => {
    const element: XmlElement = {name: tag.name, attributes: {...(tag.attributes as Record<string, string>)}, children: [], text: ''}
    if (stack.length) stack.at(-1)!.children.push(element)
    else root = element
    stack.push(element)
  })
  parser.on('text', (text) => {
    if (stack.length) stack.at(-1)!.text += text
  })
  parser.on('closetag', () => void stack.pop())
  try {
    parser.write(xml).close()
  } catch (error) {
    errors.push((error as Error).message)
  }
  if (errors.length) throw new Error(`not well-formed XML:\n  ${errors.join('\n  ')}`)
  if (!root) throw new Error('not well-formed XML: no root element')
  return root
}

/** Every element named `name`, depth first. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return [...(element.name === name ? [element] : []), ...element.children.flatMap((child) => findAll(child, name))]
}
