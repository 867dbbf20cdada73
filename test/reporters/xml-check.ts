/**
 * A minimal well-formedness check for junit.xml: balanced tags, quoted attributes, known entities.
 * Returns the elements found so a test can count them.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  parent?: XmlElement;
  children: XmlElement[];
}

const ENTITY = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#root', attrs: {}, children: [] };
  let current = root;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    if (ENTITY.test(text)) throw new Error(`bad entity in text near offset ${i}`);
    if (text.includes('>')) throw new Error(`stray '>' near offset ${i}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed tag at offset ${lt}: ${body.slice(lt, lt + 40)}`);
    const [, closing, name = '', attrText = '', selfClosing] = m;
    if (closing) {
      if (current.name !== name) throw new Error(`</${name}> closes <${current.name}>`);
      current = current.parent ?? root;
    } else {
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
        if (ENTITY.test(a[2] ?? '')) throw new Error(`bad entity in attribute ${a[1]}`);
        attrs[a[1] ?? ''] = decode(a[2] ?? '');
      }
      const el: XmlElement = { name, attrs, parent: current, children: [] };
      current.children.push(el);
      if (!selfClosing) current = el;
    }
    i = tag.lastIndex;
  }
  if (current !== root) throw new Error(`<${current.name}> is never closed`);
  if (root.children.length !== 1) throw new Error('an XML document has exactly one root element');
  return root;
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}
