// SurveyJS preview for officers (loaded on demand): the real renderer showing a definition in one language. Its
// stylesheet comes as text with this chunk and is added once, so the app's first paint never waits for it.
import { Model } from 'survey-core';
import type { Lang } from '../../contracts/common';
import { renderSurvey } from 'survey-js-ui';
import 'survey-core/i18n/arabic';
import surveyCss from 'survey-core/survey-core.fontless.min.css' with { type: 'text' };

function ensureStyles(): void {
  if (document.getElementById('surveyjs-css')) return;
  const style = document.createElement('style');
  style.id = 'surveyjs-css';
  style.textContent = surveyCss;
  document.head.append(style);
}

export function renderPreview(definition: unknown, lang: Lang, el: HTMLElement): void {
  ensureStyles();
  const model = new Model(definition as object);
  model.locale = lang === 'ar' ? 'ar' : '';
  model.showCompleteButton = false;
  renderSurvey(model, el);
}
