// The ordered list of schema migrations (TypeORM runs them at start and with `npm run migrate`).
import { InitialSchema1764230000000 } from './1764230000000-InitialSchema';
import { ResponseRespondentToken1764241300000 } from './1764241300000-ResponseRespondentToken';
import { SubmitFunction1764250000000 } from './1764250000000-SubmitFunction';
import { ProgrammesPeriodsInstitutions1764300000000 } from './1764300000000-ProgrammesPeriodsInstitutions';
import { LogframeEditor1764310000000 } from './1764310000000-LogframeEditor'; // issue 13
// h14: stable links, mail states, follow-up outcomes, response exclusion
import { OfficerMailLinks1764320000000 } from './1764320000000-OfficerMailLinks';
import { Activities1764350000000 } from './1764350000000-Activities';
// h22: shared rate-limit counters, submission ids per respondent
import { RateLimitsSubmissionScope1764370000000 } from './1764370000000-RateLimitsSubmissionScope';
// hP: typed projections for indicator values (issue #20)
import { IndicatorProjections1764400000000 } from './1764400000000-IndicatorProjections';
// hC: SQL helpers of the responses CSV export (COPY path)
import { CsvExportFunctions1764410000001 } from './1764410000001-CsvExportFunctions';
// hS (issue 20): the submit rules in one database function, leaner submit writes
import { SubmitInOneFunction1764420000001 } from './1764420000001-SubmitInOneFunction';
// hA (issue 20): pre-rendered CSV answer cells, used when their revision and compiled-SQL hash match
import { CsvCellCache1764450000001 } from './1764450000001-CsvCellCache';
// hB: online rebuilds of indicator projections (writers log ids during a build instead of waiting for it)
import { IndicatorProjectionOnlineBuilds1764460000001 } from './1764460000001-IndicatorProjectionOnlineBuilds';
// hC (issue 20): the submit path's IN-list CHECKs as one array constant (re-read at every statement)
import { ChecksAsArrayConstants1764470000001 } from './1764470000001-ChecksAsArrayConstants';
// hR: the CSV cell cache kept warm in the background (modes in use; responses indexed by submitted_at within a wave)
import { CsvCacheWarm1764480000001 } from './1764480000001-CsvCacheWarm';

export const migrations = [InitialSchema1764230000000, ResponseRespondentToken1764241300000, SubmitFunction1764250000000,
  ProgrammesPeriodsInstitutions1764300000000,
  LogframeEditor1764310000000,
  OfficerMailLinks1764320000000,
  Activities1764350000000,
  RateLimitsSubmissionScope1764370000000, // h22
  IndicatorProjections1764400000000, // hP
  CsvExportFunctions1764410000001, // hC
  SubmitInOneFunction1764420000001, // hS
  CsvCellCache1764450000001, // hA
  IndicatorProjectionOnlineBuilds1764460000001, // hB
  ChecksAsArrayConstants1764470000001, // hC
  CsvCacheWarm1764480000001, // hR
];
