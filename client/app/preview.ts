// SurveyJS preview for officers (loaded on demand): the real renderer, set up as on the respondent page, in one language. Its
// stylesheet comes as text with this chunk and is added once, so the app's first paint never waits for it.
import { Model } from 'survey-core';
import type { Lang } from '../../contracts/common';
import { renderSurvey } from 'survey-js-ui';
import { setUpModel } from '../respond/survey-setup';
import surveyCss from 'survey-core/survey-core.fontless.min.css' with { type: 'text' };
import fixesCss from '../respond/survey-fixes.css' with { type: 'text' };

function ensureStyles(): void {
  if (document.getElementById('surveyjs-css')) return;
  const style = document.createElement('style');
  style.id = 'surveyjs-css';
  style.textContent = `${surveyCss}\n${fixesCss}`;
  document.head.append(style);
}

export function renderPreview(definition: unknown, lang: Lang, el: HTMLElement): void {
  ensureStyles();
  const model = new Model(definition as object);
  model.locale = lang === 'ar' ? 'ar' : '';
  model.showCompleteButton = false;
  setUpModel(model, () => lang); // sanitised HTML in texts, Arabic messages and digits as on the respondent page
  renderSurvey(model, el);
}
