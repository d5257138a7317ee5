// Type of stylesheets imported as text (`import css from 'x.css' with { type: 'text' }`), used by the SurveyJS preview.
declare module '*.min.css' { const text: string; export default text; }
declare module '*/survey-fixes.css' { const text: string; export default text; } // issue 16: RTL fixes shared with the respondent page
