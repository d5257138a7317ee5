// Registers Marsad's missing-code declarations with survey-core's Serializer so SurveyJS tools (Creator, Model.toJSON)
// keep them: `missingCode: true` on a choice (itemvalue) and a questionnaire-level `missingCodes` list on the survey.
import { Serializer } from 'survey-core';

let done = false;
/** Idempotent: call once before building survey-core models from Marsad questionnaires (client or server). */
export function registerMissingCodeProperties(): void {
  if (done) return;
  done = true;
  if (!Serializer.findProperty('itemvalue', 'missingCode')) {
    Serializer.addProperty('itemvalue', { name: 'missingCode:boolean', default: false, category: 'data', displayName: 'Missing code (don\'t know, not applicable, refused)' });
  }
  if (!Serializer.findProperty('survey', 'missingCodes')) {
    Serializer.addProperty('survey', { name: 'missingCodes:itemvalues', category: 'data', displayName: 'Missing codes of every question' });
  }
}
