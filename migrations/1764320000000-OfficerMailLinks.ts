// Stable personal links (token kept encrypted beside its hash), mail delivery states, follow-up outcomes, wrong-contact, response exclusion.
import { MigrationInterface, QueryRunner } from 'typeorm';

const EVENT_KINDS = `'invited','mail_sent','mail_failed','opened','started','completed','declined','bounced','reminder_sent','follow_up','reissued'`;
const STATUSES = `'invited','sent','opened','started','completed','declined','bounced'`;

export class OfficerMailLinks1764320000000 implements MigrationInterface {
  name = 'OfficerMailLinks1764320000000';

  public async up(q: QueryRunner): Promise<void> {
    // AES-256-GCM(key id ‖ iv ‖ tag ‖ ciphertext) of the link token, so the same link can be mailed again (services/secret-box.ts)
    await q.query(`ALTER TABLE invitations ADD COLUMN token_enc bytea`);
    await q.query(`ALTER TABLE invitations DROP CONSTRAINT IF EXISTS invitations_status_check`);
    await q.query(`ALTER TABLE invitations ADD CONSTRAINT invitations_status_check CHECK (status IN (${STATUSES},'wrong_contact'))`);
    await q.query(`ALTER TABLE invitation_events DROP CONSTRAINT IF EXISTS invitation_events_kind_check`);
    await q.query(`ALTER TABLE invitation_events ADD CONSTRAINT invitation_events_kind_check CHECK (kind IN (${EVENT_KINDS},'wrong_contact','mail_queued'))`);
    await q.query(`ALTER TABLE invitation_events ADD COLUMN outcome text CHECK (outcome IN ('reached','no_answer','will_answer','refused','wrong_contact','other'))`);
    await q.query(`ALTER TABLE mail_messages DROP CONSTRAINT IF EXISTS mail_messages_status_check`);
    await q.query(`ALTER TABLE mail_messages ADD CONSTRAINT mail_messages_status_check CHECK (status IN ('queued','sending','sent','failed','bounced','outbox'))`);
    await q.query(`ALTER TABLE mail_messages ADD COLUMN attempts integer NOT NULL DEFAULT 0, ADD COLUMN last_attempt_at timestamptz,
      ADD COLUMN reminder_round integer, ADD COLUMN created_by uuid REFERENCES users(id)`);
    await q.query(`CREATE INDEX mail_messages_queued ON mail_messages (created_at) WHERE status IN ('queued','sending')`);
    await q.query(`CREATE INDEX mail_messages_programme ON mail_messages (programme_id, created_at DESC)`);
    await q.query(`ALTER TABLE reminder_schedules ADD COLUMN paused_at timestamptz`);
    await q.query(`ALTER TABLE responses ADD COLUMN excluded_at timestamptz, ADD COLUMN excluded_reason text CHECK (length(excluded_reason) <= 2000),
      ADD COLUMN excluded_by uuid REFERENCES users(id),
      ADD CONSTRAINT responses_exclusion_has_reason CHECK (excluded_at IS NULL OR excluded_reason IS NOT NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE responses DROP CONSTRAINT responses_exclusion_has_reason, DROP COLUMN excluded_by, DROP COLUMN excluded_reason, DROP COLUMN excluded_at`);
    await q.query(`ALTER TABLE reminder_schedules DROP COLUMN paused_at`);
    await q.query(`DROP INDEX mail_messages_programme`);
    await q.query(`DROP INDEX mail_messages_queued`);
    await q.query(`ALTER TABLE mail_messages DROP COLUMN created_by, DROP COLUMN reminder_round, DROP COLUMN last_attempt_at, DROP COLUMN attempts`);
    await q.query(`UPDATE mail_messages SET status = 'failed' WHERE status IN ('sending','bounced')`);
    await q.query(`ALTER TABLE mail_messages DROP CONSTRAINT mail_messages_status_check`);
    await q.query(`ALTER TABLE mail_messages ADD CONSTRAINT mail_messages_status_check CHECK (status IN ('queued','sent','failed','outbox'))`);
    await q.query(`ALTER TABLE invitation_events DROP COLUMN outcome`);
    await q.query(`DELETE FROM invitation_events WHERE kind IN ('wrong_contact','mail_queued')`);
    await q.query(`ALTER TABLE invitation_events DROP CONSTRAINT invitation_events_kind_check`);
    await q.query(`ALTER TABLE invitation_events ADD CONSTRAINT invitation_events_kind_check CHECK (kind IN (${EVENT_KINDS}))`);
    await q.query(`UPDATE invitations SET status = 'bounced' WHERE status = 'wrong_contact'`);
    await q.query(`ALTER TABLE invitations DROP CONSTRAINT invitations_status_check`);
    await q.query(`ALTER TABLE invitations ADD CONSTRAINT invitations_status_check CHECK (status IN (${STATUSES}))`);
    await q.query(`ALTER TABLE invitations DROP COLUMN token_enc`);
  }
}
