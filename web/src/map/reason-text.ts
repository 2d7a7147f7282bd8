// A forecast reason in the viewer's language. The server stores and sends each reason as
// {rank, feature, contribution, text}: `feature` is the learned model's feature name
// (risk/features.cc, environment.cc, area_features.cc, xgboost_model.cc), `text` the English
// sentence rendered from it. The feature's value is not sent, so the Korean sentence takes its
// parameters from the feature name (window, ring) and its value from the English text, read
// by a pattern written for that family's English template. A feature of no known family, or a
// text that does not match its family's template, is shown as the server's English with a note.
import { categoryLabel, currentLanguage, labelFor, t, type MessageKey } from '../i18n';
import type { Reason } from '../types';

export interface ReasonRendering {
  text: string;
  /** 'source': the server's own (English) text; 'translated'; 'untranslated': English kept. */
  state: 'source' | 'translated' | 'untranslated';
}

const number = '(-?[0-9][0-9,]*(?:\\.[0-9]+)?(?:e[-+]?[0-9]+)?)';
const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function when(days: number): string {
  return days === 1 ? t('reason.when.day') : t('reason.when.days', { days });
}

function locale(): string {
  return currentLanguage() === 'ko' ? 'ko-KR' : 'en-GB';
}

/** 0 = Monday, as risk/features.h ValueKind::kWeekday; 2024-01-01 was a Monday. */
function weekdayName(index: number): string {
  return new Date(Date.UTC(2024, 0, 1 + index)).toLocaleDateString(locale(), { weekday: 'long', timeZone: 'UTC' });
}

function monthName(index: number): string {
  return new Date(Date.UTC(2024, index, 1)).toLocaleDateString(locale(), { month: 'long', timeZone: 'UTC' });
}

type Family = (key: RegExpMatchArray, text: string, category: string) => string | null;

// Feature-name pattern -> renderer from the English text (null when it does not match).
const families: Array<[RegExp, Family]> = [
  [/^(target|major|calls)_(cell|ring1|ring2)_(\d+)d$/, (k, text, category) => {
    const m = text.match(/^(\d+) .+ (?:in this cell|in the 8 surrounding cells|in the ring of 16 cells about (\d+) m away) in the last (?:day|\d+ days)$/);
    if (!m || (k[2] === 'ring2') !== (m[2] !== undefined)) return null;
    const what = k[1] === 'target' ? categoryLabel(category) : t(k[1] === 'major' ? 'reason.what.major' : 'reason.what.calls');
    const where = k[2] === 'cell' ? t('reason.where.cell') : k[2] === 'ring1' ? t('reason.where.ring1') : t('reason.where.ring2', { m: m[2] });
    return t('reason.count', { v: m[1], what, where, when: when(Number(k[3])) });
  }],
  [/^near_repeat_(\d+)d$/, (k, text, category) => {
    const m = text.match(/^(\d+) .+ within (\d+) m in the last (?:day|\d+ days)$/);
    return m && t('reason.nearRepeat', { v: m[1], what: categoryLabel(category), m: m[2], when: when(Number(k[1])) });
  }],
  [/^hour$/, (_, text) => {
    const m = text.match(/ at (\d{2}:00)$/);
    return m && t('reason.hour', { v: m[1] });
  }],
  [/^weekday$/, (_, text) => {
    const m = text.match(/ on an? (\w+)$/);
    const i = m ? weekdays.indexOf(m[1]) : -1;
    return i < 0 ? null : t('reason.weekday', { v: weekdayName(i) });
  }],
  [/^month$/, (_, text) => {
    const m = text.match(/ in (\w+)$/);
    const i = m ? months.indexOf(m[1]) : -1;
    return i < 0 ? null : t('reason.month', { v: monthName(i) });
  }],
  [/^holiday$/, (_, text) => {
    const m = text.match(/ is (not )?a public holiday$/);
    return m && t(m[1] ? 'reason.holiday.no' : 'reason.holiday.yes');
  }],
  [/^kde_rate$/, (_, text, category) => {
    const m = text.match(new RegExp(`kernel density of ${number} a day$`));
    return m && t('reason.kde', { v: m[1], what: categoryLabel(category) });
  }],
  [/^etas_excitation$/, (_, text, category) => {
    const m = text.match(new RegExp(` add ${number} a day \\(self-excitation\\)$`));
    return m && t('reason.etas', { v: m[1], what: categoryLabel(category) });
  }],
  // Points of interest (risk/environment.cc): "{v} bars within 150 m", "the nearest of the bars is {v} m away".
  [/^env_(.+)_within_(\d+)m$/, (k, text) => {
    const m = text.match(new RegExp(`^${number} .+ within (\\d+) m$`));
    return m && t('reason.poiWithin', { v: m[1], kind: k[1].replace(/_/g, ' '), m: m[2] });
  }],
  [/^env_(.+)_nearest_m$/, (k, text) => {
    const m = text.match(new RegExp(`^the nearest of the .+ is ${number} m away$`));
    return m && t('reason.poiNearest', { v: m[1], kind: k[1].replace(/_/g, ' ') });
  }],
  // Area attributes (risk/area_features.cc): "the neighborhood has {v} residents", ...
  [/^env_(\w+?)_population_per_km2$/, (k, text) => {
    const m = text.match(new RegExp(`^the ${k[1]} has ${number} residents per km²$`));
    return m && t('reason.areaDensity', { v: m[1], area: labelFor('area', k[1]) });
  }],
  [/^env_(\w+?)_population$/, (k, text) => {
    const m = text.match(new RegExp(`^the ${k[1]} has ${number} residents$`));
    return m && t('reason.areaPopulation', { v: m[1], area: labelFor('area', k[1]) });
  }],
  [/^env_(\w+?)_households$/, (k, text) => {
    const m = text.match(new RegExp(`^the ${k[1]} has ${number} households$`));
    return m && t('reason.areaHouseholds', { v: m[1], area: labelFor('area', k[1]) });
  }],
  [/^env_(\w+?)_land_(residential|commercial|industrial|green)$/, (k, text) => {
    const m = text.match(new RegExp(`^the ${k[1]}'s .+ land share is ${number}$`));
    return m && t('reason.areaLand', { v: m[1], area: labelFor('area', k[1]), land: t(`land.${k[2]}` as MessageKey) });
  }],
  [/^env_(\w+?)_type_\w+$/, (k, text) => {
    const m = text.match(new RegExp(`^the ${k[1]} is (not )?of the type '(.*)'$`));
    return m && t(m[1] ? 'reason.areaType.no' : 'reason.areaType.yes', { area: labelFor('area', k[1]), type: m[2] });
  }],
];

/** `reason` in the viewer's language; `category` is the forecast's (the target's noun). */
export function reasonText(reason: Reason, category: string): ReasonRendering {
  if (currentLanguage() === 'en') return { text: reason.text, state: 'source' };
  for (const [pattern, render] of families) {
    const key = reason.feature.match(pattern);
    if (!key) continue;
    const text = render(key, reason.text.trim(), category);
    if (text) return { text, state: 'translated' };
  }
  return { text: reason.text, state: 'untranslated' };
}
