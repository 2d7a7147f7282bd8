// Formatting of times and numbers for the views.
import { currentLanguage, t } from '../i18n';

/** A slot start (ISO UTC) in the viewer's locale and time zone, e.g. "Fri, 1 Mar 2024, 09:00". */
export function formatSlot(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(currentLanguage() === 'ko' ? 'ko-KR' : 'en-GB', {
    weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  });
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t('common.none');
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`;
}

export function formatChange(change: { difference: number; percent: number | null } | null): string {
  if (!change) return t('common.none');
  return `${change.difference >= 0 ? '+' : ''}${change.difference} (${formatPercent(change.percent)})`;
}
