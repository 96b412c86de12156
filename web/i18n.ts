import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** The console's languages: Mandarin (simplified, the default) and English. */
export type Lang = 'zh' | 'en';

/** One view's strings: the same keys in both languages (the type makes a missing translation a compile error). */
export type Strings<K extends string> = {
  readonly zh: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
};

export const LangContext = createContext<Lang>('zh');

const STORAGE_KEY = 'hotline-console-lang';

/** The language chosen before (kept in this browser), else the browser's own when it is English, else Mandarin. */
export function initialLang(): Lang {
  const kept = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (kept === 'zh' || kept === 'en') return kept;
  return globalThis.navigator?.language?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

export function keepLang(lang: Lang): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

/** A view's strings in the current language. */
export function useStrings<K extends string>(strings: Strings<K>): Readonly<Record<K, string>> {
  return strings[useContext(LangContext)];
}

export function useLang(): Lang {
  return useContext(LangContext);
}

/** Fills `{name}` placeholders: fill('{n} waiting', { n: 3 }). */
export function fill(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Numbers as the language writes them (grouping, decimals). */
export function formatNumber(lang: Lang, value: number, digits = 0): string {
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A 0–1 rate as a percentage with one decimal, or a dash when there is none. */
export function formatRate(lang: Lang, rate: number | null | undefined): string {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? '–' : `${formatNumber(lang, rate * 100, 1)} %`;
}
