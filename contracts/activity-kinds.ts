// The kinds of activity and of attachment as plain constants (no zod), so the browser bundle can import them cheaply.
export const ACTIVITY_KINDS = ['meeting', 'workshop', 'training', 'study_visit', 'mission', 'call', 'other'] as const;
export const ATTACHMENT_KINDS = ['concept_note', 'report', 'participants_list', 'photo', 'other'] as const;
