// The ordered list of schema migrations (TypeORM runs them at start and with `npm run migrate`).
import { InitialSchema1764230000000 } from './1764230000000-InitialSchema';
import { ResponseRespondentToken1764241300000 } from './1764241300000-ResponseRespondentToken';
import { SubmitFunction1764250000000 } from './1764250000000-SubmitFunction';
import { ProgrammesPeriodsInstitutions1764300000000 } from './1764300000000-ProgrammesPeriodsInstitutions';
import { Activities1764350000000 } from './1764350000000-Activities';

export const migrations = [InitialSchema1764230000000, ResponseRespondentToken1764241300000, SubmitFunction1764250000000,
  ProgrammesPeriodsInstitutions1764300000000,
  Activities1764350000000];
