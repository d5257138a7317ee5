// The one place where PostgreSQL and driver errors become catalogue errors (by SQLSTATE, never by message).
import { AppError } from '../errors';

const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

export function isRetryableDbError(err: unknown): boolean {
  const e = unwrap(err);
  const code = typeof e?.code === 'string' ? e.code : '';
  return code === '40001' || code === '40P01' || CONNECTION_CODES.has(code) || NET_CODES.has(code) || isConnectionLost(e);
}

/** What the pg driver (or TypeORM around it) puts on an error; all optional, read defensively. */
interface DriverError { code?: unknown; name?: unknown; message?: unknown; constraint?: string; column?: string; hint?: string; table?: string }

function isConnectionLost(e: DriverError | undefined): boolean {
  // pg reports a dropped socket without a SQLSTATE; it sets no code, so we look at the error class shape.
  return !!e && e.code === undefined && (e.name === 'Error' || e.name === 'DatabaseError') &&
    typeof e.message === 'string' && /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(e.message);
}

function unwrap(err: unknown): DriverError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { driverError?: unknown };
  return (e.driverError && typeof e.driverError === 'object' ? e.driverError : err) as DriverError;
}

export function mapDbError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = unwrap(err);
  if (!e) return undefined;
  switch (e.code) {
    case '23505': return new AppError('resource.conflict', { constraint: e.constraint });
    case '23503': return new AppError('resource.referenced', { constraint: e.constraint });
    case '23502': return new AppError('request.invalid', { column: e.column, reason: 'required' });
    case '23514': return new AppError('request.invalid', { constraint: e.constraint });
    case '22P02': case '22007': case '22008': case '22003': case '22001': case '22023':
      return new AppError('request.invalid', { reason: 'value has the wrong type or is out of range' });
    // text PostgreSQL cannot hold (NUL, bad escapes) or values past its limits (index row, tsvector, nesting)
    case '22021': case '22P05': case '22025': case '22019': case '2201B': case '54000': case '54001':
      return new AppError('request.invalid', { reason: 'the text holds characters or sizes the database cannot store' });
    case '40001': case '40P01': return new AppError('database.retry');
    case 'P0001': if (e.hint === 'immutable_row') return new AppError('questionnaire.version_immutable', { table: e.table });
      return undefined;
    case '57014': return new AppError('database.unavailable', { reason: 'statement timeout' });
  }
  if (isRetryableDbError(e)) return new AppError('database.unavailable');
  return undefined;
}
