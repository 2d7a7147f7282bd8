// The language in use and the lookup of UI strings: `t('key', {name: 'x'})` fills `{name}`.
import { en, type Dictionary, type MessageKey } from './en';
import { ko } from './ko';

export type Language = 'en' | 'ko';
export type { MessageKey };

const dictionaries: Record<Language, Dictionary> = { en, ko };
const storageKey = 'vigil.language';

let language: Language = localStorage.getItem(storageKey) === 'ko' ? 'ko' : 'en';

export function currentLanguage(): Language {
  return language;
}

export function setLanguage(next: Language): void {
  language = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = next;
}

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text = dictionaries[language][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) =>
    name in values ? String(values[name]) : `{${name}}`,
  );
}

/** Whether `key` is a key of the dictionaries (for keys built from server values). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** The label `prefix.name` (e.g. `audit.outcome.denied`); a name without one is shown as it is. */
export function labelFor(prefix: string, name: string): string {
  const key = `${prefix}.${name}`;
  return hasKey(key) ? t(key) : name;
}

/** A category's label; unknown names are shown as they are. */
export function categoryLabel(name: string): string {
  return labelFor('cat', name);
}
