// Anonymous (open-link) responses: each is identified by its own random respondent token, stored only as a hash.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ResponseRespondentToken1764241300000 implements MigrationInterface {
  name = 'ResponseRespondentToken1764241300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE responses ADD COLUMN respondent_token_hash bytea UNIQUE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE responses DROP COLUMN IF EXISTS respondent_token_hash`);
  }
}
