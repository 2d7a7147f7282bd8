// The map's forecast pickers: a time slider over the stored forecasts' slots, a category and a
// model picker. The choices can be replaced while the map is open (a `forecast.created` event):
// the slot, category and model the user chose stay chosen while they still exist.
import { h, select } from '../dom';
import { categoryLabel, t } from '../i18n';
import { formatSlot } from '../views/format';
import type { ForecastChoices, RiskChoice } from './risk';

export interface ForecastControls {
  /** The chosen slot, category and model; null while there are no stored forecasts. */
  current(): RiskChoice | null;
  /** Replaces the choices. The first time (or the first time any exist) the newest slot and
   *  the newest forecast's category are chosen and `onChange` is called; later the selection
   *  is kept where it still exists, and `onChange` is called only when it had to change.
   *  Returns whether the selection changed. */
  setChoices(choices: ForecastChoices): boolean;
}

function fill(element: HTMLSelectElement, options: Array<[string, string]>, wanted: string, fallback: string): void {
  const values = options.map(([value]) => value);
  const chosen = values.includes(wanted) ? wanted : fallback;
  element.replaceChildren(...options.map(([value, label]) => h('option', { value }, label)));
  element.value = chosen;
}

export function forecastControls(container: HTMLElement, onChange: (choice: RiskChoice) => void): ForecastControls {
  let slots: string[] = [];
  const slider = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, 'data-test': 'slot' });
  const slotLabel = h('output', { 'data-test': 'slot-label' });
  const category = select({ 'data-test': 'category' }, [], '');
  const model = select({ 'data-test': 'model' }, [], '');
  const empty = h('p', { class: 'message', 'data-test': 'no-forecasts' }, t('map.noForecasts'));
  let built = false;

  const current = (): RiskChoice | null =>
    built && slots.length > 0 ? { at: slots[Number(slider.value)], category: category.value, model: model.value } : null;
  const changed = () => {
    const choice = current();
    if (!choice) return;
    slotLabel.textContent = formatSlot(choice.at);
    onChange(choice);
  };
  slider.addEventListener('input', () => (slotLabel.textContent = formatSlot(slots[Number(slider.value)] ?? '')));
  slider.addEventListener('change', changed);
  category.addEventListener('change', changed);
  model.addEventListener('change', changed);

  return {
    current,
    setChoices(choices) {
      if (choices.slots.length === 0) {
        if (!built) container.replaceChildren(empty);
        return false;
      }
      const before = current();
      slots = choices.slots;
      slider.max = String(slots.length - 1);
      const at = before ? slots.indexOf(before.at) : -1;
      slider.value = String(at >= 0 ? at : slots.length - 1);
      fill(category, choices.categories.map((c) => [c, categoryLabel(c)]), before?.category ?? choices.newestCategory, choices.newestCategory);
      fill(model, [['', t('map.anyModel')], ...choices.models.map((m): [string, string] => [m, m])], before?.model ?? '', '');
      if (!built) {
        built = true;
        container.replaceChildren(
          h('label', {}, t('map.slot'), slider, slotLabel),
          h('label', {}, t('map.category'), category),
          h('label', {}, t('map.model'), model),
        );
      }
      const after = current();
      const moved = !before || !after || before.at !== after.at || before.category !== after.category || before.model !== after.model;
      if (moved) changed();
      return moved;
    },
  };
}
