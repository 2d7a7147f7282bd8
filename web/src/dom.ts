// A small element builder: h('div', {class: 'x', 'data-test': 'y'}, child, 'text').
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element: Element): void {
  element.replaceChildren();
}

/** A <select> with the given options (value, label) and the selected value. */
export function select(
  attributes: Record<string, string>,
  options: Array<[string, string]>,
  selected: string,
): HTMLSelectElement {
  const element = h('select', attributes);
  for (const [value, label] of options) {
    const option = h('option', { value }, label);
    option.selected = value === selected;
    element.appendChild(option);
  }
  return element;
}

/** A table with a header row and body rows of cells. */
export function table(
  attributes: Record<string, string>,
  head: Child[],
  rows: Child[][],
): HTMLTableElement {
  return h(
    'table',
    attributes,
    h('thead', {}, h('tr', {}, ...head.map((cell) => h('th', {}, cell)))),
    h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map((cell) => h('td', {}, cell))))),
  );
}
