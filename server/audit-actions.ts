// The audit action catalogue: every action string the audit trail can hold, with what it records. One flat object:
// append your feature's actions (keep `area.verb` form); `audit()` accepts only these, a test checks the catalogue.
export const AUDIT_ACTIONS = {
  // sign-in and passwords
  'auth.login': 'An officer signed in',
  'auth.login_failed': 'A sign-in attempt failed',
  'auth.logout': 'An officer signed out',
  'auth.password_change': 'An officer changed their password',
  'auth.password_set': 'A new account set its first password from the mailed link',
  'auth.password_reset': 'A password was reset from the mailed link',
  'auth.password_reset_requested': 'A password reset link was asked for',
  // users and programme membership
  'user.create': 'An account was created',
  'user.update': 'An account was changed (name, role, disabled)',
  'membership.set': 'A user was given a role in a programme',
  'membership.remove': 'A user was removed from a programme',
  // programme settings, logframe and indicators
  'programme.indicator_settings_update': 'Suppression or status thresholds changed',
  // programmes, periods and institutions (#13)
  'programme.create': 'A programme was created',
  'programme.update': 'A programme was changed',
  'programme.archive': 'A programme was archived (read-only)',
  'programme.restore': 'An archived programme was restored',
  'programme.periods_replace': 'The reporting periods of a programme were replaced',
  'institution.create': 'An institution was added to the registry',
  'institution.update': 'An institution was changed, archived or restored',
  'user.password_reset_sent': 'An administrator sent a password-reset mail',
  'logframe.result_create': 'A logframe result was added',
  'logframe.result_update': 'A logframe result was changed',
  'logframe.result_delete': 'A logframe result was removed',
  'logframe.result_reorder': 'Logframe results were reordered',
  'indicator.create': 'An indicator was added',
  'indicator.update': 'An indicator was changed',
  'indicator.delete': 'An indicator was removed',
  // questionnaires and glossary
  'questionnaire.create': 'A questionnaire was created',
  'questionnaire.update_draft': 'A questionnaire draft was saved',
  'questionnaire.publish': 'A questionnaire version was published',
  'questionnaire.import_xlsform': 'A questionnaire draft was made from an XLSForm',
  'glossary.add': 'A glossary term was added',
  'glossary.remove': 'A glossary term was removed',
  // waves
  'wave.create': 'A wave was created',
  'wave.update': 'A wave\'s names or dates changed',
  'wave.close': 'A wave was closed',
  'wave.open_link': 'A new anonymous open link was made',
  // stakeholders and invitations
  'stakeholder.create': 'A stakeholder was added',
  'stakeholder.update': 'A stakeholder was changed',
  'stakeholder.import': 'Stakeholders were imported from a file',
  'stakeholder.archive': 'A stakeholder was archived',
  'stakeholder.restore': 'An archived stakeholder was restored',
  'invitation.create': 'Stakeholders were invited to a wave',
  'invitation.send': 'An invitation was mailed',
  'invitation.reissue': 'An invitation link was replaced',
  'invitation.follow_up': 'A follow-up contact was logged',
  'invitation.decline': 'An invitation was marked declined',
  'invitation.bounce': 'An invitation was marked bounced',
  'reminder.send': 'A reminder round was sent',
  'reminder_schedule.create': 'Reminders were scheduled',
  'reminder_schedule.cancel': 'A reminder schedule was cancelled',
  // responses (response.submit is also written by the SQL function marsad_submit_invitation)
  'response.submit': 'A respondent submitted their answers',
  'response.revise': 'An officer corrected a completed response (a new revision)',
  // activities and meetings (#18)
  'activity.create': 'An activity or meeting was recorded',
  'activity.update': 'An activity was changed',
  'activity.delete': 'An activity was removed',
  'activity.attachment_add': 'A file was attached to an activity',
  'activity.attachment_delete': 'An attachment was removed from an activity',
  'activity.participants_import': 'An activity\'s participant list was imported',
  // exports
  'export.responses_csv': 'Responses were exported as CSV',
  'export.workbook': 'A wave workbook was exported',
  'export.indicators_csv': 'Indicator values were exported as CSV',
  'export.indicators_xlsx': 'Indicator values were exported as a workbook',
  'export.annex': 'The report annex was exported',
  'export.chart': 'A chart was exported',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
