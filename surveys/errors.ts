// Typed errors of the questionnaire domain; the server maps them to catalogue codes (invalid_definition, type_changed).

export interface TDefinitionProblem { path: string; message: string }
export interface TTypeChange { name: string; from: string; to: string }

/** The questionnaire JSON is not an acceptable SurveyJS survey → `questionnaire.invalid_definition` (400). */
export class DefinitionError extends Error {
  details: TDefinitionProblem[];
  constructor(details: TDefinitionProblem[] | string, path = '') {
    const list = typeof details === 'string' ? [{ path, message: details }] : details;
    super(list.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ') || 'Invalid questionnaire definition');
    this.name = 'DefinitionError';
    this.details = list;
  }
}

/** A new version changes the type of an existing question name → `questionnaire.type_changed` (409). */
export class TypeChangeError extends Error {
  details: TTypeChange[];
  constructor(details: TTypeChange[]) {
    super(`Question type changed: ${details.map((d) => `${d.name} (${d.from} → ${d.to})`).join(', ')}`);
    this.name = 'TypeChangeError';
    this.details = details;
  }
}
