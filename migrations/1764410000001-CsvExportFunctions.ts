// SQL helpers of the responses CSV export (server/exports/csv-sql.ts): JavaScript's String()/JSON.stringify of JSON
// values and the CSV cell quoting of server/exports/cells.ts, for the rare cells (decimals, arrays, objects) the
// compiled SELECT does not format inline. Pure, IMMUTABLE, no table access.
import { MigrationInterface, QueryRunner } from 'typeorm';

const FUNCTIONS = `
-- Number.prototype.toString: shortest round-trip digits (float8 output), fixed notation for 1e-7 <= |x| < 1e21
CREATE OR REPLACE FUNCTION marsad_js_number(n numeric) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET extra_float_digits = 1 AS $f$
DECLARE t text; neg boolean; m text; e int; d text; r text;
BEGIN
  IF n = 0 THEN RETURN '0'; END IF;
  IF abs(n) >= 1.7976931348623158079e308 THEN RETURN CASE WHEN n > 0 THEN 'Infinity' ELSE '-Infinity' END; END IF;
  IF abs(n) <= 2.4703282292062328e-324 THEN RETURN '0'; END IF;
  t := (n::float8)::text;
  IF position('e' IN t) = 0 THEN RETURN t; END IF;
  neg := left(t, 1) = '-';
  IF neg THEN t := substr(t, 2); END IF;
  m := split_part(t, 'e', 1);
  e := split_part(t, 'e', 2)::int;
  IF e >= 21 OR e <= -7 THEN
    r := m || 'e' || CASE WHEN e >= 0 THEN '+' ELSE '-' END || abs(e)::text;
  ELSE
    d := replace(m, '.', '');
    IF e >= 0 THEN
      r := CASE WHEN length(d) <= e + 1 THEN d || repeat('0', e + 1 - length(d)) ELSE left(d, e + 1) || '.' || substr(d, e + 2) END;
    ELSE
      r := '0.' || repeat('0', -e - 1) || d;
    END IF;
  END IF;
  RETURN CASE WHEN neg THEN '-' || r ELSE r END;
END $f$;

-- JSON.stringify of a parsed JSON value: no spaces, array-index keys first (ascending), then keys in parse order
CREATE OR REPLACE FUNCTION marsad_js_stringify(j jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
BEGIN
  CASE jsonb_typeof(j)
    WHEN 'object' THEN
      RETURN '{' || coalesce((SELECT string_agg(to_json(e.key)::text || ':' || marsad_js_stringify(e.value), ','
                 ORDER BY CASE WHEN e.key ~ '^(0|[1-9][0-9]{0,9})$' THEN CASE WHEN e.key::numeric < 4294967295 THEN e.key::numeric END END NULLS LAST, e.o)
               FROM jsonb_each(j) WITH ORDINALITY AS e(key, value, o)), '') || '}';
    WHEN 'array' THEN
      RETURN '[' || coalesce((SELECT string_agg(marsad_js_stringify(e.v), ',' ORDER BY e.o) FROM jsonb_array_elements(j) WITH ORDINALITY AS e(v, o)), '') || ']';
    WHEN 'number' THEN RETURN marsad_js_number(j::numeric);
    ELSE RETURN j::text;
  END CASE;
END $f$;

-- String(value) of a parsed JSON value (arrays: elements joined with ",", null elements empty)
CREATE OR REPLACE FUNCTION marsad_js_string(j jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
BEGIN
  CASE jsonb_typeof(j)
    WHEN 'string' THEN RETURN j #>> '{}';
    WHEN 'number' THEN RETURN marsad_js_number(j::numeric);
    WHEN 'object' THEN RETURN '[object Object]';
    WHEN 'array' THEN
      RETURN coalesce((SELECT string_agg(CASE WHEN jsonb_typeof(e.v) = 'null' THEN '' ELSE marsad_js_string(e.v) END, ',' ORDER BY e.o)
                         FROM jsonb_array_elements(j) WITH ORDINALITY AS e(v, o)), '');
    ELSE RETURN j::text;
  END CASE;
END $f$;

-- the text of an export cell (surveys/codebook.ts cellOf, then String): NULL for null, "" and [];
-- arrays → String(element) joined with ";", objects → JSON.stringify
CREATE OR REPLACE FUNCTION marsad_js_cell_text(j jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
BEGIN
  CASE jsonb_typeof(j)
    WHEN 'array' THEN
      RETURN (SELECT string_agg(marsad_js_string(e.v), ';' ORDER BY e.o) FROM jsonb_array_elements(j) WITH ORDINALITY AS e(v, o));
    WHEN 'object' THEN RETURN marsad_js_stringify(j);
    WHEN 'string' THEN RETURN nullif(j #>> '{}', '');
    WHEN 'null' THEN RETURN NULL;
    ELSE RETURN marsad_js_string(j);
  END CASE;
END $f$;

-- server/exports/cells.ts safeCsvString: a leading = + - @ TAB or CR gets an apostrophe unless the text is a plain
-- number, then the text is quoted with quotes doubled
CREATE OR REPLACE FUNCTION marsad_csv_quote(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
  SELECT '"' || replace(CASE WHEN ascii(s) IN (61, 43, 45, 64, 9, 13) AND s !~ '^-?[0-9]+([.][0-9]+)?$' THEN '''' || s ELSE s END, '"', '""') || '"'
$f$;

-- labelFor of a choice column: codes split on ";" when the cell holds one, each code → its label (first choice whose
-- String(value) equals it) or itself, joined with "; ", quoted as a CSV cell
CREATE OR REPLACE FUNCTION marsad_csv_label(t text, codes text[], labels text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
BEGIN
  RETURN marsad_csv_quote((SELECT string_agg(coalesce(labels[array_position(codes, u.p)], u.p), '; ' ORDER BY u.o)
                             FROM unnest(CASE WHEN position(';' IN t) > 0 THEN string_to_array(t, ';') ELSE ARRAY[t] END) WITH ORDINALITY AS u(p, o)));
END $f$;

-- one export cell of a JSON value, every rule of the JS exporter: NULL for null/""/[]; not labelled: numbers and
-- booleans bare, text quoted; labelled: Yes/No of checkbox numbers, boolean labels, choice labels, else quoted text
CREATE OR REPLACE FUNCTION marsad_csv_cell(j jsonb, labelled boolean, yes_no text[], bool_labels text[], bool_true jsonb, codes text[], labels text[])
RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$
DECLARE t text := jsonb_typeof(j); is_true boolean;
BEGIN
  IF t IS NULL OR t = 'null' OR j = '""'::jsonb OR j = '[]'::jsonb THEN RETURN NULL; END IF;
  IF NOT labelled THEN
    RETURN CASE t WHEN 'number' THEN marsad_js_number(j::numeric) WHEN 'boolean' THEN j::text ELSE marsad_csv_quote(marsad_js_cell_text(j)) END;
  END IF;
  IF yes_no IS NOT NULL AND t = 'number' THEN RETURN CASE WHEN j::numeric = 1 THEN yes_no[1] ELSE yes_no[2] END; END IF;
  IF bool_labels IS NOT NULL THEN
    is_true := CASE jsonb_typeof(bool_true)
      WHEN 'string' THEN t IN ('string', 'array', 'object') AND marsad_js_cell_text(j) = bool_true #>> '{}'
      WHEN 'boolean' THEN t = 'boolean' AND j = bool_true
      WHEN 'number' THEN t = 'number' AND j = bool_true
      ELSE false END;
    RETURN CASE WHEN is_true THEN bool_labels[1] ELSE bool_labels[2] END;
  END IF;
  IF codes IS NOT NULL THEN RETURN marsad_csv_label(marsad_js_cell_text(j), codes, labels); END IF;
  RETURN marsad_csv_quote(marsad_js_cell_text(j));
END $f$;
`;

const NAMES = ['marsad_csv_cell(jsonb, boolean, text[], text[], jsonb, text[], text[])', 'marsad_csv_label(text, text[], text[])', 'marsad_csv_quote(text)', 'marsad_js_cell_text(jsonb)', 'marsad_js_string(jsonb)',
  'marsad_js_stringify(jsonb)', 'marsad_js_number(numeric)'];

export class CsvExportFunctions1764410000001 implements MigrationInterface {
  name = 'CsvExportFunctions1764410000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(FUNCTIONS);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const n of NAMES) await q.query(`DROP FUNCTION IF EXISTS ${n}`);
  }
}
