// Looks up the page's elements by id, failing loudly when the markup and the code disagree.

/**
 * The element with an id, of an expected type.
 *
 * @param id The element's id.
 * @param type Its class, e.g. `HTMLInputElement`.
 * @returns The element.
 * @throws {Error} No such element, or one of another type.
 */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing from the page`);
  return element;
}

/**
 * Creates an element with text content (never markup).
 *
 * @param tag The tag name.
 * @param text Its text.
 * @returns The element.
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text = '',
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  created.textContent = text;
  return created;
}
