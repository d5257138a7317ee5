// Online rebuilds of indicator projections: a build in progress (indicator_projection_builds) and the ids its writers
// log (indicator_projection_changes); the projection triggers log into it while a build of their wave exists.
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The triggers still take the programme's projection lock (8723, hashtext(programme id)) shared first, then — in one
 * statement, with a snapshot taken after the lock (writers run READ COMMITTED) — look up the wave's projection
 * function AND its build row: while a build exists they keep the old projection current and log the response id
 * (stakeholder triggers: the stakeholder id) for the build, which re-derives those rows at its end (see
 * server/services/indicator-projection-build.ts for why no write is lost).
 */
const RESPONSE_FN = `
  CREATE OR REPLACE FUNCTION marsad_indicator_facts_response() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE fn text; b uuid;
  BEGIN
    IF TG_OP <> 'INSERT' THEN
      PERFORM pg_advisory_xact_lock_shared(8723, hashtext(OLD.programme_id::text));
      SELECT p.function_name, k.id INTO fn, b FROM (SELECT 1) one
        LEFT JOIN indicator_projections p ON p.wave_id = OLD.wave_id LEFT JOIN indicator_projection_builds k ON k.wave_id = OLD.wave_id;
      IF b IS NOT NULL THEN INSERT INTO indicator_projection_changes (build_id, response_id) VALUES (b, OLD.id); END IF;
      IF TG_OP = 'DELETE' OR OLD.wave_id <> NEW.wave_id THEN
        IF OLD.status = 'complete' AND fn IS NOT NULL THEN EXECUTE format('SELECT %I($1, false, NULL, NULL)', fn) USING OLD.id; END IF;
        IF TG_OP = 'DELETE' THEN RETURN NULL; END IF;
      ELSIF OLD.programme_id = NEW.programme_id THEN
        -- same wave: the lookup above is the one below
        IF fn IS NOT NULL THEN
          EXECUTE format('SELECT %I($1, $2, $3, $4)', fn)
            USING NEW.id, NEW.status = 'complete' AND NEW.excluded_at IS NULL, NEW.stakeholder_id, NEW.answers;
        END IF;
        RETURN NULL;
      END IF;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(8723, hashtext(NEW.programme_id::text));
    SELECT p.function_name, k.id INTO fn, b FROM (SELECT 1) one
      LEFT JOIN indicator_projections p ON p.wave_id = NEW.wave_id LEFT JOIN indicator_projection_builds k ON k.wave_id = NEW.wave_id;
    IF b IS NOT NULL THEN INSERT INTO indicator_projection_changes (build_id, response_id) VALUES (b, NEW.id); END IF;
    IF fn IS NOT NULL THEN
      EXECUTE format('SELECT %I($1, $2, $3, $4)', fn)
        USING NEW.id, NEW.status = 'complete' AND NEW.excluded_at IS NULL, NEW.stakeholder_id, NEW.answers;
    END IF;
    RETURN NULL;
  END $$`;

const STAKEHOLDER_FN = `
  CREATE OR REPLACE FUNCTION marsad_indicator_facts_stakeholder() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE p record; ids uuid[];
  BEGIN
    PERFORM pg_advisory_xact_lock_shared(8723, hashtext(NEW.programme_id::text));
    INSERT INTO indicator_projection_changes (build_id, stakeholder_id)
      SELECT k.id, NEW.id FROM indicator_projection_builds k WHERE k.programme_id = NEW.programme_id;
    FOR p IN SELECT table_name, function_name FROM indicator_projections WHERE programme_id = NEW.programme_id LOOP
      EXECUTE format('SELECT array_agg(response_id) FROM %I WHERE stakeholder_id = $1', p.table_name) INTO ids USING NEW.id;
      IF ids IS NOT NULL THEN
        EXECUTE format('SELECT %I(r.id, true, r.stakeholder_id, r.answers) FROM responses r WHERE r.id = ANY($1)', p.function_name) USING ids;
      END IF;
    END LOOP;
    RETURN NULL;
  END $$`;

// the functions of migration 1764400000000, restored by down()
const RESPONSE_FN_BEFORE = `
  CREATE OR REPLACE FUNCTION marsad_indicator_facts_response() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE fn text;
  BEGIN
    IF TG_OP <> 'INSERT' THEN
      PERFORM pg_advisory_xact_lock_shared(8723, hashtext(OLD.programme_id::text));
      IF TG_OP = 'DELETE' OR OLD.wave_id <> NEW.wave_id THEN
        IF OLD.status = 'complete' THEN
          SELECT function_name INTO fn FROM indicator_projections WHERE wave_id = OLD.wave_id;
          IF fn IS NOT NULL THEN EXECUTE format('SELECT %I($1, false, NULL, NULL)', fn) USING OLD.id; END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN NULL; END IF;
      END IF;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(8723, hashtext(NEW.programme_id::text));
    SELECT function_name INTO fn FROM indicator_projections WHERE wave_id = NEW.wave_id;
    IF fn IS NOT NULL THEN
      EXECUTE format('SELECT %I($1, $2, $3, $4)', fn)
        USING NEW.id, NEW.status = 'complete' AND NEW.excluded_at IS NULL, NEW.stakeholder_id, NEW.answers;
    END IF;
    RETURN NULL;
  END $$`;
const STAKEHOLDER_FN_BEFORE = `
  CREATE OR REPLACE FUNCTION marsad_indicator_facts_stakeholder() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE p record; ids uuid[];
  BEGIN
    PERFORM pg_advisory_xact_lock_shared(8723, hashtext(NEW.programme_id::text));
    FOR p IN SELECT table_name, function_name FROM indicator_projections WHERE programme_id = NEW.programme_id LOOP
      EXECUTE format('SELECT array_agg(response_id) FROM %I WHERE stakeholder_id = $1', p.table_name) INTO ids USING NEW.id;
      IF ids IS NOT NULL THEN
        EXECUTE format('SELECT %I(r.id, true, r.stakeholder_id, r.answers) FROM responses r WHERE r.id = ANY($1)', p.function_name) USING ids;
      END IF;
    END LOOP;
    RETURN NULL;
  END $$`;

export class IndicatorProjectionOnlineBuilds1764460000001 implements MigrationInterface {
  name = 'IndicatorProjectionOnlineBuilds1764460000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicator_projection_builds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        -- one build per wave at a time (builders also take a per-wave session lock; a row whose builder died is removed by the next one)
        wave_id uuid NOT NULL UNIQUE REFERENCES waves(id) ON DELETE CASCADE,
        spec_hash text NOT NULL,
        backend_pid integer NOT NULL DEFAULT pg_backend_pid(),
        started_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX indicator_projection_builds_programme ON indicator_projection_builds (programme_id)`);
    await q.query(`
      CREATE TABLE indicator_projection_changes (
        build_id uuid NOT NULL REFERENCES indicator_projection_builds(id) ON DELETE CASCADE,
        response_id uuid,
        stakeholder_id uuid,
        CHECK ((response_id IS NULL) <> (stakeholder_id IS NULL))
      )`);
    await q.query(`CREATE INDEX indicator_projection_changes_build ON indicator_projection_changes (build_id)`);
    await q.query(RESPONSE_FN);
    await q.query(STAKEHOLDER_FN);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(RESPONSE_FN_BEFORE);
    await q.query(STAKEHOLDER_FN_BEFORE);
    await q.query(`DROP TABLE indicator_projection_changes`);
    await q.query(`DROP TABLE indicator_projection_builds`);
  }
}
