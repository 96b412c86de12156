/**
 * Languages a flow can speak. Tags are the `<Say>` tags Twilio accepts; the
 * Twilio adapter maps them to `<Gather>` speech tags (`cmn-CN` → `cmn-Hans-CN`).
 */
export const LANGUAGES = ['cmn-CN', 'en-US'] as const;

/** A language a flow can speak: Mandarin (`cmn-CN`) or English (`en-US`). */
export type Language = (typeof LANGUAGES)[number];

/**
 * A prompt text in each language the flow offers, e.g.
 * `{ 'cmn-CN': '您好', 'en-US': 'Hello' }`. `{name}` placeholders are filled
 * from the call's context (see {@link fillTemplate}).
 */
export type Text = Partial<Record<Language, string>>;

/** Values a template placeholder can take. */
export type TemplateVars = Readonly<Record<string, unknown>>;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `{name}` placeholders with `vars[name]`. A placeholder with no value
 * is left as it is, so a missing variable is visible in the prompt (and caught by
 * tests) rather than silently dropped.
 */
export function fillTemplate(template: string, vars: TemplateVars): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = vars[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** The placeholder names a template uses, in order of first appearance. */
export function templateNames(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Picks the text in `language`, falling back to the first language present.
 * Returns undefined only for an empty Text.
 */
export function pickText(text: Text, language: Language): string | undefined {
  return text[language] ?? Object.values(text).find((value) => value !== undefined);
}
